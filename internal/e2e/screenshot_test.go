//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots saves every page type, whole, at phone and laptop
// width, for a person to look over. It fails only when a page cannot be
// captured or comes out the wrong width (content wider than the screen
// makes readers scroll sideways, which WCAG 1.4.10 Reflow forbids).
func TestScreenshots(t *testing.T) {
	t.Logf("screenshots in %s", s.out)
	light := pageTypes(t)
	darkPages := []pageCase{{"home-dark", "/", 200}, {"post-dark", child(t, "posts", "welcome"), 200}}
	for _, width := range []int64{phone, laptop} {
		for _, scheme := range []string{"light", "dark"} {
			ctx, pages := tab(t, width), light
			if scheme == "dark" {
				dark(t, ctx)
				pages = darkPages
			}
			shoot(t, ctx, width, pages)
		}
	}
}

// shoot saves each page, whole, as name-width.png.
func shoot(t *testing.T, ctx context.Context, width int64, pages []pageCase) {
	for _, p := range pages {
		t.Run(fmt.Sprintf("%s@%d", p.name, width), func(t *testing.T) {
			open(t, ctx, p.path, p.status)
			if w := eval[float64](t, ctx, `document.documentElement.scrollWidth`); w > float64(width) {
				t.Errorf("%s is %.0f px wide at a %d px screen: it scrolls sideways", p.path, w, width)
			}
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(buf))
			if err != nil {
				t.Fatalf("the screenshot is not a PNG: %v", err)
			}
			if got := img.Bounds().Dx(); got != int(width) {
				t.Errorf("the screenshot is %d px wide, want %d", got, width)
			}
			write(t, filepath.Join(s.out, fmt.Sprintf("%s-%d.png", p.name, width)), buf)
		})
	}
}

// TestReadmeScreenshots takes the home page as the README shows it: what
// fits on a phone and on a laptop screen, small enough to keep the
// repository light. They always go to $E2E_OUT; only with
// E2E_README_SHOTS=1 do they replace .github/screenshots/home-*.png.
func TestReadmeScreenshots(t *testing.T) {
	const limit = 200 << 10
	for _, width := range []int64{phone, laptop} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := tab(t, width)
			open(t, ctx, "/", 200)
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			buf = recompress(t, buf)
			if len(buf) > limit {
				t.Errorf("home-%d.png is %d KB, over the README's %d KB", width, len(buf)>>10, limit>>10)
			}
			name := fmt.Sprintf("home-%d.png", width)
			write(t, filepath.Join(s.out, "readme-"+name), buf)
			if os.Getenv("E2E_README_SHOTS") == "1" {
				dir := filepath.Join(s.root, ".github", "screenshots")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				write(t, filepath.Join(dir, name), buf)
				t.Logf("wrote %s (%d KB)", filepath.Join(dir, name), len(buf)>>10)
			}
		})
	}
}

// recompress re-encodes a PNG at the best compression, which Chromium
// does not use; the picture is unchanged.
func recompress(t *testing.T, buf []byte) []byte {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("the screenshot is not an image: %v", err)
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if b.Len() < len(buf) {
		return b.Bytes()
	}
	return buf
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
