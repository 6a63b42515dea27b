package output

import (
	"fmt"
	"maps"
	"testing"
)

// TestCow checks that a cow and its copies never see each other's
// writes, whichever writes first, and that each agrees with a plain map.
func TestCow(t *testing.T) {
	type op struct {
		who   int // 0 the original, 1 the copy
		del   bool
		key   string
		value int
	}
	var many []op
	for i := range 2000 { // enough to touch every shard
		many = append(many, op{who: i % 2, key: fmt.Sprint("k", i%700), value: i, del: i%7 == 0})
	}
	tests := []struct {
		name string
		ops  []op
	}{
		{"copy writes", []op{{who: 1, key: "a", value: 9}, {who: 1, key: "new", value: 1}}},
		{"original writes", []op{{who: 0, key: "a", value: 9}, {who: 0, key: "b", del: true}}},
		{"both write one key", []op{{who: 0, key: "a", value: 8}, {who: 1, key: "a", value: 9}}},
		{"deletes", []op{{who: 1, key: "a", del: true}, {who: 0, key: "missing", del: true}, {who: 1, key: "b", del: true}}},
		{"many", many},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c cow[int]
			want := [2]map[string]int{{}, {}}
			for i := range 500 {
				k := fmt.Sprint("k", i)
				c.set(k, i)
				want[0][k] = i
			}
			c.set("a", 1)
			c.set("b", 2)
			want[0]["a"], want[0]["b"] = 1, 2
			want[1] = maps.Clone(want[0])
			both := [2]*cow[int]{&c, nil}
			d := c.clone()
			both[1] = &d
			for _, o := range tt.ops {
				if o.del {
					both[o.who].delete(o.key)
					delete(want[o.who], o.key)
				} else {
					both[o.who].set(o.key, o.value)
					want[o.who][o.key] = o.value
				}
			}
			for i, m := range both {
				if got := maps.Collect(m.all()); !maps.Equal(got, want[i]) || m.len() != len(want[i]) {
					t.Errorf("map %d has %d entries (len %d), want %d; equal: %v", i, len(got), m.len(), len(want[i]), maps.Equal(got, want[i]))
				}
				for k, v := range want[i] {
					if got, ok := m.get(k); !ok || got != v {
						t.Errorf("map %d: get(%q) = %d, %v; want %d", i, k, got, ok, v)
					}
				}
			}
		})
	}
}
