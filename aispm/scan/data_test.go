package scan

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

const (
	testKeyID  = "AKIA2EXQ4F3BMY4C7LTD"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8Lw3Xv9T"
)

var sampleLines = []string{
	`{"prompt": "reset my card", "completion": "Sure, Ana (ana.silva@example.com, +44 20 7946 0958)."}`,
	`{"prompt": "deploy", "completion": "use aws_access_key_id=` + testKeyID + ` aws_secret_access_key=` + testSecret + `"}`,
	`{"prompt": "pay", "completion": "card 4111 1111 1111 1111, not 4111 1111 1111 1112; IBAN GB82 WEST 1234 5698 7654 32; SSN 123-45-6789"}`,
}

func scanData(t *testing.T, name string, body []byte, sample int64) *DataResult {
	t.Helper()
	res := Data(context.Background(), name, bytes.NewReader(body), int64(len(body)), sample, DefaultLimits())
	if res.Error != "" {
		t.Fatalf("%s: %s", name, res.Error)
	}
	for _, h := range res.Hits {
		if strings.Contains(fmt.Sprintf("%+v", h), testSecret) {
			t.Fatalf("a hit holds the secret: %+v", h)
		}
	}
	return res
}

func rules(res *DataResult) map[string]DataHit {
	out := map[string]DataHit{}
	for _, h := range res.Hits {
		out[h.Rule] = h
	}
	return out
}

func TestDataFormats(t *testing.T) {
	jsonl := []byte(strings.Join(sampleLines, "\n") + "\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(jsonl)
	_ = zw.Close()
	type rec struct {
		ID   int64  `parquet:"id"`
		Text string `parquet:"text"`
	}
	var recs []rec
	for i, l := range sampleLines {
		recs = append(recs, rec{int64(i), l})
	}
	var pq bytes.Buffer
	if err := parquet.Write(&pq, recs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		body   []byte
		format string
		line   int64
	}{
		{"train.jsonl", jsonl, FormatJSONL, 2},
		{"train.jsonl.gz", gz.Bytes(), FormatJSONL + "+gzip", 2},
		{"part-0000.parquet", pq.Bytes(), FormatParquet, 2},
		{"noext", jsonl, FormatJSONL, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := scanData(t, tc.name, tc.body, 1<<20)
			if res.Format != tc.format || res.Sampled {
				t.Fatalf("format %q sampled %v, want %q whole", res.Format, res.Sampled, tc.format)
			}
			got := rules(res)
			key, ok := got["aws-access-token"]
			if !ok || key.Identifier != testKeyID || key.Line != tc.line {
				t.Fatalf("aws key: %+v (all %+v)", key, res.Hits)
			}
			for _, want := range []string{"email", "phone_number", "payment_card", "iban", "us_ssn"} {
				if _, ok := got[want]; !ok {
					t.Errorf("no %s hit in %+v", want, res.Hits)
				}
			}
			if got["payment_card"].Count != 1 {
				t.Errorf("the card failing Luhn counted: %+v", got["payment_card"])
			}
		})
	}
}

// A large object is sampled: the head and spread ranges, never all of it,
// and a secret in a spread range is found with its offset.
func TestDataSampling(t *testing.T) {
	var b strings.Builder
	for b.Len() < 8<<20+10<<10 {
		fmt.Fprintf(&b, `{"id": %d, "text": "nothing to see here, just filler text for the corpus"}`+"\n", b.Len())
	}
	mid := b.Len()
	b.WriteString(sampleLines[1] + "\n")
	for b.Len() < 16<<20 {
		fmt.Fprintf(&b, `{"id": %d, "text": "more filler"}`+"\n", b.Len())
	}
	body := []byte(b.String())
	res := scanData(t, "big.jsonl", body, 1<<20)
	if !res.Sampled || res.BytesRead > 2<<20 {
		t.Fatalf("read %d of %d bytes (sampled %v)", res.BytesRead, len(body), res.Sampled)
	}
	// the range at half the object holds the secret: found, at its offset,
	// with no line number (the lines before it were not read)
	key, ok := rules(res)["aws-access-token"]
	if !ok || key.Line != 0 || key.Offset != int64(mid+strings.Index(sampleLines[1], testKeyID)) {
		t.Fatalf("the secret at %d: %+v", mid, res.Hits)
	}
}

func TestDataHostile(t *testing.T) {
	bomb := func() []byte {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		_, _ = zw.Write(bytes.Repeat([]byte("a"), 256<<20))
		_ = zw.Close()
		return gz.Bytes()
	}()
	for _, tc := range []struct {
		name, body, want string
	}{
		{"weights.bin", "\x00\x01\x02\x03binary", "skipped"},
		{"model.safetensors", "\x08\x00\x00\x00\x00\x00\x00\x00{}", "skipped"},
		{"bad.parquet", "PAR1garbage\xff\xff\xff\x7fPAR1", "error"},
		{"short.parquet", "PAR1", "error"},
		{"fake.jsonl.gz", "not gzip", "error"},
		{"bomb.txt.gz", string(bomb), "sampled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Data(context.Background(), tc.name, strings.NewReader(tc.body), int64(len(tc.body)), 1<<20, DefaultLimits())
			got := "clean"
			switch {
			case res.Skipped != "":
				got = "skipped"
			case res.Error != "":
				got = "error"
			case res.Sampled:
				got = "sampled"
			}
			if got != tc.want {
				t.Fatalf("got %s (%+v), want %s", got, res, tc.want)
			}
			if res.Scanned > 1<<20 {
				t.Fatalf("judged %d bytes of a 1 MiB sample", res.Scanned)
			}
		})
	}
}

// FuzzDataObject: any bytes under any data name give a result (a finding,
// clean, skipped or an error), never a panic, within the sample.
func FuzzDataObject(f *testing.F) {
	for _, s := range sampleLines {
		f.Add("train.jsonl", []byte(s))
	}
	f.Add("part.parquet", []byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Add("x.csv.gz", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Add("notes", []byte("hello\nAKIAQ3EGRSUPPORTETL7\n"))
	names := []string{"a.jsonl", "a.csv", "a.parquet", "a.txt.gz", "a"}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		for _, n := range append(names, name) {
			res := Data(context.Background(), n, bytes.NewReader(body), int64(len(body)), 64<<10, DefaultLimits())
			if res.Scanned > 64<<10 {
				t.Fatalf("%s: judged %d bytes of a 64 KiB sample", n, res.Scanned)
			}
			if strings.HasPrefix(res.Error, "scanner failure") {
				t.Fatalf("%s: %s", n, res.Error)
			}
		}
	})
}
