package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"runtime"
	"testing"
)

// largePickle builds a protocol-4 pickle of n bytes: a long list of short
// strings and ints, memoized, the shape of a large state dict's metadata.
func largePickle(n int) []byte {
	var b bytes.Buffer
	b.Write([]byte{opPROTO, 4, opEMPTY_LIST, opMEMOIZE})
	for i := 0; b.Len() < n-16; i++ {
		b.Write([]byte{opSHORT_BINUNICODE, 12})
		b.WriteString("layer.weight")
		b.Write([]byte{opBININT1, byte(i), opTUPLE2, opAPPEND})
	}
	b.Write([]byte{opSTOP})
	return b.Bytes()
}

// BenchmarkPickleThroughput reports MB/s over a 64 MiB synthetic pickle.
func BenchmarkPickleThroughput(b *testing.B) {
	data := largePickle(64 << 20)
	lim := DefaultLimits()
	b.SetBytes(int64(len(data)))
	runtime.GC() // the setup's garbage is not the scanner's
	b.ResetTimer()
	for range b.N {
		res := Scan(context.Background(), "big.pkl", bytes.NewReader(data), int64(len(data)), lim)
		if len(res.Findings) != 0 || res.Error != "" {
			b.Fatalf("%+v %s", res.Findings, res.Error)
		}
	}
}

// BenchmarkZipModelBytesRead scans a PyTorch-style zip with 256 MiB of tensor
// data and reports how many bytes were read: the directory and data.pkl only.
func BenchmarkZipModelBytesRead(b *testing.B) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, data := range map[string][]byte{"archive/data.pkl": largePickle(1 << 20), "archive/data/0": make([]byte, 256<<20), "archive/version": []byte("3\n")} {
		f, _ := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		_, _ = f.Write(data)
	}
	_ = w.Close()
	data := buf.Bytes()
	lim := DefaultLimits()
	b.ResetTimer()
	var res *Result
	for range b.N {
		res = Scan(context.Background(), "big.pt", bytes.NewReader(data), int64(len(data)), lim)
	}
	b.ReportMetric(float64(res.BytesRead), "bytes_read/op")
	b.ReportMetric(float64(res.Size), "artifact_bytes")
	b.ReportMetric(100*float64(res.BytesRead)/float64(res.Size), "pct_read")
}
