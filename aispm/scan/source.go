package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// errLimit marks a bound that was hit: bytes, time, members, memory. It is a
// limit_exceeded finding, never a silent stop.
var errLimit = errors.New("limit")

func limitf(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errLimit}, a...)...)
}

const (
	blockSize   = 4 << 10 // the unit of cached ranged reads
	cacheBlocks = 1024    // 4 MiB of cached blocks per artifact
)

// source reads one artifact through ranged reads (a local file, an S3 / Cloud
// Storage / Blob object), bounded by bytes and by the deadline. Small reads go
// through a block cache, so the re-reads an archive walk makes (zip local
// headers next to the central directory, tar headers) cost one ranged read;
// large reads bypass it. read counts the bytes actually fetched.
type source struct {
	ctx  context.Context
	r    io.ReaderAt
	size int64
	max  int64
	read atomic.Int64 // bytes fetched, re-reads included: what the budget bounds

	covMu   sync.Mutex
	covered []uint64 // which blocks were ever fetched
	cov     int64    // their bytes: what was read of the artifact

	mu     sync.Mutex
	blocks map[int64][]byte
	order  []int64
}

func newSource(ctx context.Context, r io.ReaderAt, size, max int64) *source {
	return &source{ctx: ctx, r: r, size: size, max: max, blocks: map[int64][]byte{}}
}

// fetch reads p at off from the underlying reader, within the budgets.
func (s *source) fetch(p []byte, off int64) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, limitf("scan time limit reached")
	}
	if s.read.Add(int64(len(p))) > s.max {
		s.read.Add(-int64(len(p)))
		return 0, limitf("more than %d bytes read", s.max)
	}
	n, err := s.r.ReadAt(p, off)
	s.read.Add(int64(n - len(p)))
	s.cover(off, int64(n))
	return n, err
}

// cover records that [off, off+n) was read.
func (s *source) cover(off, n int64) {
	if n <= 0 {
		return
	}
	s.covMu.Lock()
	defer s.covMu.Unlock()
	if s.covered == nil {
		s.covered = make([]uint64, (s.size+blockSize*64-1)/(blockSize*64))
	}
	for b := off / blockSize; b*blockSize < off+n; b++ {
		w, bit := b/64, uint64(1)<<(b%64)
		if w < int64(len(s.covered)) && s.covered[w]&bit == 0 {
			s.covered[w] |= bit
			s.cov += min(blockSize, s.size-b*blockSize)
		}
	}
}

// bytesRead is how many distinct bytes of the artifact were read (whole
// blocks: a read of one byte costs its block).
func (s *source) bytesRead() int64 {
	s.covMu.Lock()
	defer s.covMu.Unlock()
	return s.cov
}

func (s *source) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= s.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), s.size)
	if end-off >= 4*blockSize {
		// a sequential window (a pickle stream, a decompressor): read once,
		// not worth caching
		n, err := s.fetch(p[:end-off], off)
		if err == nil && n < len(p) {
			err = io.EOF
		}
		return n, err
	}
	n := 0
	for idx := off / blockSize; idx*blockSize < end; {
		b, ok := s.cached(idx)
		if !ok {
			// fetch this block and every missing block after it in one read
			last := idx
			for last+1 < (end+blockSize-1)/blockSize {
				if _, ok := s.cached(last + 1); ok {
					break
				}
				last++
			}
			blocks, err := s.fetchBlocks(idx, last)
			if err != nil {
				return n, err
			}
			b = blocks[0]
		}
		lo := max(off, idx*blockSize) - idx*blockSize
		hi := min(end-idx*blockSize, int64(len(b)))
		if lo >= hi {
			break
		}
		n += copy(p[n:], b[lo:hi])
		idx++
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (s *source) cached(idx int64) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blocks[idx]
	return b, ok
}

// fetchBlocks reads blocks first..last in one ranged read and caches them.
func (s *source) fetchBlocks(first, last int64) ([][]byte, error) {
	off := first * blockSize
	buf := make([]byte, min((last-first+1)*blockSize, s.size-off))
	n, err := s.fetch(buf, off)
	if err != nil && !(errors.Is(err, io.EOF) && n == len(buf)) {
		return nil, err
	}
	var out [][]byte
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := first; i <= last; i++ {
		lo := (i - first) * blockSize
		b := buf[lo:min(lo+blockSize, int64(len(buf)))]
		out = append(out, b)
		if _, ok := s.blocks[i]; !ok {
			if len(s.order) >= cacheBlocks {
				delete(s.blocks, s.order[0])
				s.order = s.order[1:]
			}
			s.blocks[i] = b
			s.order = append(s.order, i)
		}
	}
	return out, nil
}

// stream reads a byte range of a ReaderAt sequentially through a window, the
// way a loader reads a file: opcode by opcode, with skips that never read the
// bytes they jump over. Offsets are relative to the start of the range.
type stream struct {
	ra   io.ReaderAt
	base int64 // the range's offset in ra
	size int64 // the range's length
	buf  []byte
	bpos int64 // offset of buf[0]
	i, n int   // read position and valid length in buf
	err  error // a read error other than the end of the range
}

const streamWindow = 64 << 10

func newStream(ra io.ReaderAt, base, size int64) *stream {
	return &stream{ra: ra, base: base, size: size, buf: make([]byte, streamWindow)}
}

// pos is the offset of the next byte.
func (s *stream) pos() int64 { return s.bpos + int64(s.i) }

// remaining is how many bytes are left in the range.
func (s *stream) remaining() int64 { return s.size - s.pos() }

// fill makes at least want bytes available (fewer at the end of the range).
func (s *stream) fill(want int) bool {
	if s.n-s.i >= want {
		return true
	}
	if s.err != nil {
		return false
	}
	copy(s.buf, s.buf[s.i:s.n])
	s.bpos += int64(s.i)
	s.n -= s.i
	s.i = 0
	if want > len(s.buf) {
		nb := make([]byte, want)
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	for s.n < want {
		left := s.size - (s.bpos + int64(s.n))
		if left <= 0 {
			return false
		}
		chunk := s.buf[s.n:min(len(s.buf), s.n+int(min(left, int64(len(s.buf)-s.n))))]
		k, err := s.ra.ReadAt(chunk, s.base+s.bpos+int64(s.n))
		s.n += k
		if err != nil && !errors.Is(err, io.EOF) {
			s.err = err
			return s.n-s.i >= want
		}
		if k == 0 {
			return false
		}
	}
	return true
}

// byte reads one byte.
func (s *stream) byte() (byte, bool) {
	if s.i < s.n {
		b := s.buf[s.i]
		s.i++
		return b, true
	}
	return s.slowByte()
}

func (s *stream) slowByte() (byte, bool) {
	if s.fill(1) {
		b := s.buf[s.i]
		s.i++
		return b, true
	}
	return 0, false
}

// peek returns the next byte without consuming it.
func (s *stream) peek() (byte, bool) {
	if s.i < s.n || s.fill(1) {
		return s.buf[s.i], true
	}
	return 0, false
}

// take returns the next n bytes (a view, valid until the next read); n is at
// most a window.
func (s *stream) take(n int) ([]byte, bool) {
	if s.n-s.i >= n || s.fill(n) {
		b := s.buf[s.i : s.i+n]
		s.i += n
		return b, true
	}
	return nil, false
}

// uint reads a little-endian unsigned integer of width bytes.
func (s *stream) uint(width int) (uint64, bool) {
	b, ok := s.take(width)
	if !ok {
		return 0, false
	}
	var v uint64
	for i := width - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v, true
}

// line reads up to and including a newline, returning the bytes before it
// (at most max bytes; a longer line is reported as not found).
func (s *stream) line(max int) ([]byte, bool) {
	for scanned := 0; ; {
		for j := s.i + scanned; j < s.n; j++ {
			if s.buf[j] == '\n' {
				b := s.buf[s.i:j]
				s.i = j + 1
				return b, true
			}
			if j-s.i >= max {
				return nil, false
			}
		}
		scanned = s.n - s.i
		if !s.fill(scanned + 1) {
			return nil, false
		}
	}
}

// skip jumps n bytes ahead without reading them.
func (s *stream) skip(n int64) bool {
	if n <= int64(s.n-s.i) {
		s.i += int(n)
		return true
	}
	to := s.pos() + n
	if to > s.size {
		s.bpos, s.i, s.n = s.size, 0, 0
		return false
	}
	s.bpos, s.i, s.n = to, 0, 0
	return true
}

// readErr is the read error that ended the stream early, if any (a limit or
// an I/O failure), as opposed to the end of the range.
func (s *stream) readErr() error { return s.err }
