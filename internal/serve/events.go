package serve

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// event is one Server-Sent Event: kind is its name, data a single line.
type event struct {
	kind, data string
}

// merge combines an event a tab has not read yet with a newer one, so a
// tab that is slow to read gets the newer state without the sender
// waiting. A stylesheet swap never hides a pending reload or error list;
// otherwise the newer event says everything the older one did.
func merge(old, next event) event {
	if next.kind == "css" && old.kind != "css" {
		return old
	}
	return next
}

// hub knows the open tabs.
type hub struct {
	mu      sync.Mutex
	clients map[*client]struct{}
}

// client is one open tab's mailbox. It holds one event: a tab needs only
// the latest state, and a bounded mailbox means 200 tabs, or one frozen
// tab, cannot hold up a rebuild.
type client struct {
	ch chan event
}

func (h *hub) join() *client {
	c := &client{ch: make(chan event, 1)}
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	return c
}

func (h *hub) leave(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// broadcast gives ev to every tab without blocking.
func (h *hub) broadcast(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.send(ev)
	}
}

// send puts ev in the mailbox, merging it with an unread event. Only
// broadcast sends, under the hub's lock, so the loop ends: once the
// mailbox is emptied here nobody else can fill it.
func (c *client) send(ev event) {
	for {
		select {
		case c.ch <- ev:
			return
		default:
		}
		select {
		case old := <-c.ch:
			ev = merge(old, ev)
		default: // the tab read it meanwhile; try again
		}
	}
}

// events streams build news to one tab until it goes away or the server
// stops. It starts with a hello naming the current build, so a tab that
// loaded a page just before a rebuild, and connected just after, reloads.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	if r.Method != http.MethodGet {
		return // a HEAD must not hang on a stream that never ends
	}
	c := s.hub.join()
	defer s.hub.leave(c)
	send := func(ev event) bool {
		rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		var err error
		if ev.kind == "" {
			_, err = fmt.Fprint(w, ": ping\n\n")
		} else {
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.kind, strings.ReplaceAll(ev.data, "\n", "\ndata: "))
		}
		return err == nil && rc.Flush() == nil
	}
	if _, err := fmt.Fprint(w, "retry: 1000\n"); err != nil || !send(event{kind: "hello", data: s.state.Load().id}) {
		return
	}
	ping := time.NewTicker(s.ping)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case ev := <-c.ch:
			if !send(ev) {
				return
			}
		case <-ping.C:
			if !send(event{}) {
				return
			}
		}
	}
}
