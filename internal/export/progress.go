package export

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// progress reports table by table: a live status line on a terminal, one
// summary line per table otherwise.
type progress struct {
	opts    Options
	mu      sync.Mutex
	running map[string]int64
	started map[string]time.Time
	quit    chan struct{}
	wg      sync.WaitGroup
}

func newProgress(opts Options) *progress {
	p := &progress{opts: opts, running: map[string]int64{}, started: map[string]time.Time{}, quit: make(chan struct{})}
	if opts.Progress != nil && opts.Terminal {
		p.wg.Add(1)
		go p.redraw()
	}
	return p
}

func (p *progress) begin(table string) {
	p.mu.Lock()
	p.running[table] = 0
	p.started[table] = time.Now()
	p.mu.Unlock()
}

func (p *progress) row(table string) {
	p.mu.Lock()
	p.running[table]++
	p.mu.Unlock()
}

func (p *progress) done(r Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.running, r.Table)
	if p.opts.Progress == nil {
		return
	}
	prefix := ""
	if p.opts.Terminal {
		prefix = "\r\033[K"
	}
	status := fmt.Sprintf("%d rows", r.Rows)
	if r.Err != nil {
		status = "FAILED: " + r.Err.Error()
	}
	fmt.Fprintf(p.opts.Progress, "%s%-36s %s in %s\n", prefix, r.Table, status, r.Elapsed.Round(time.Millisecond))
}

func (p *progress) redraw() {
	defer p.wg.Done()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-t.C:
			p.mu.Lock()
			var parts []string
			for name, n := range p.running {
				parts = append(parts, fmt.Sprintf("%s %d rows %s", name, n, time.Since(p.started[name]).Round(100*time.Millisecond)))
			}
			sort.Strings(parts)
			if len(parts) > 0 {
				fmt.Fprintf(p.opts.Progress, "\r\033[Kexporting: %s", strings.Join(parts, ", "))
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) stop() {
	close(p.quit)
	p.wg.Wait()
	if p.opts.Progress != nil && p.opts.Terminal {
		fmt.Fprint(p.opts.Progress, "\r\033[K")
	}
}
