package main

import (
	"context"
	"fmt"
	"io"

	"github.com/clic-cumbria/clic/internal/check"
	"github.com/clic-cumbria/clic/internal/diag"
)

// runCheck is clic check: everything clic build checks, plus plain
// language and accessibility advice, with nothing written.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("check", stderr)
	sf := addSiteFlags(fs, false)
	format := fs.String("format", "text", "the report's `format`: text, or json for tools")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "clic check: -format %q is not known; use text or json\n", *format)
		return errUsage
	}
	_, opts, err := sf.site("check", stderr)
	if err != nil {
		return err
	}
	var rep check.Report
	var dl diag.List
	if err := unlessInterrupted(ctx, func() { rep, dl = check.Run(opts) }); err != nil {
		fmt.Fprintln(stderr, "clic check: interrupted")
		return err
	}
	if *format == "json" {
		err = rep.JSON(stdout)
	} else {
		err = rep.Text(stdout)
	}
	if err != nil {
		return err
	}
	if dl.HasErrors() {
		return errContent
	}
	return nil
}
