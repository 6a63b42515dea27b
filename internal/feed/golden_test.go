package feed

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.* from the current output")

func TestGolden(t *testing.T) {
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			got := mustWrite(t, ft.write, sample(t))
			path := filepath.Join("testdata", ft.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the output; if the change is intended run go test ./internal/feed -update\ngot:\n%s", path, got)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, ft := range formats {
		a := mustWrite(t, ft.write, sample(t))
		f := sample(t)
		// The same entries given in another order, and times given in
		// another zone, must make the same bytes.
		for i, j := 0, len(f.Entries)-1; i < j; i, j = i+1, j-1 {
			f.Entries[i], f.Entries[j] = f.Entries[j], f.Entries[i]
		}
		for i := range f.Entries {
			f.Entries[i].Published = f.Entries[i].Published.In(time.FixedZone("X", -5*3600))
		}
		if b := mustWrite(t, ft.write, f); !bytes.Equal(a, b) {
			t.Errorf("%s: output depends on input order or zone", ft.name)
		}
	}
}
