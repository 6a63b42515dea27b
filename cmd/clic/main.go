// Command clic builds the CLIC website, and any site laid out the same way,
// from Markdown files.
//
// Usage:
//
//	clic build [-source DIR] [-dest DIR] [-base-url URL] [-drafts] [-future] [-minify=true] [-cpuprofile FILE]
//	clic new [-source DIR] post|log|course|term|page "Title"
//	clic check [-source DIR] [-format text|json] [-drafts] [-future]
//	clic serve [-addr 127.0.0.1:1313] [-source DIR] [-drafts] [-future]
//	clic help
//	clic version
//
// Exit status is 0 on success, 1 when the content has errors (every error
// is listed), 2 for a mistake on the command line, and 130 when a build
// or check is stopped by Control-C (or SIGTERM), leaving public/ as it was.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage marks a mistake on the command line (exit status 2).
var errUsage = errors.New("usage")

// errContent marks a build that failed on the writer's content (exit
// status 1); the diagnostics have been printed already.
var errContent = errors.New("content errors")

// errInterrupted marks a command stopped by Control-C (exit status 130);
// it has said so already.
var errInterrupted = errors.New("interrupted")

// unlessInterrupted runs f, but returns errInterrupted as soon as ctx is
// done, as when the writer presses Control-C, without waiting for f,
// which the process's exit then stops.
func unlessInterrupted(ctx context.Context, f func()) error {
	if ctx.Err() != nil {
		return errInterrupted
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errInterrupted
	}
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"build", "build the site into a folder (default public/)", runBuild},
		{"new", "start a new post, log, course, term or page from its template", runNew},
		{"check", "report reading age, plain language and accessibility problems", runCheck},
		{"serve", "preview the site at http://127.0.0.1:1313/, updating as you save", runServe},
		{"version", "print the version of clic", func(_ context.Context, _ []string, stdout, _ io.Writer) error {
			_, err := fmt.Fprintln(stdout, "clic", version())
			return err
		}},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, errContent):
			return 1
		case errors.Is(err, errInterrupted):
			return 130 // as a shell reports a program stopped by Control-C
		}
		fmt.Fprintln(stderr, "clic:", err)
		return 1
	}
	fmt.Fprintf(stderr, "clic: unknown command %q; run \"clic help\" to see the commands\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "clic builds a website from Markdown files.\n\nUsage:\n\n  clic <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help     show this help\n\nRun \"clic <command> -h\" for a command's flags.")
}

// flags makes a FlagSet that reports mistakes as usage errors rather
// than exiting, so run stays the only place that decides the exit status.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("clic "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags, turning a bad flag into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q; flags start with -, such as -source DIR\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		v := bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
		return v
	}
	return "(unknown)"
}
