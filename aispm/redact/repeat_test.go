package redact

import (
	"strings"
	"testing"
)

// A secret repeated on every line is located once per occurrence, not once
// per occurrence per occurrence: a sample of data that repeats a pasted key
// must not take quadratic time or memory.
func TestRepeatedSecretIsLinear(t *testing.T) {
	line := "aws_access_key_id=AKIAQ3EGRSCALEDATA27 and some filler text\n"
	text := strings.Repeat(line, 3000)
	d, err := load()
	if err != nil {
		t.Fatal(err)
	}
	reports := d.DetectString(text)
	if len(reports) < 3000 {
		t.Fatalf("gitleaks reported %d occurrences, want one per line", len(reports))
	}
	// Locating every occurrence again for each of gitleaks' 3,000 reports
	// builds 9 million spans; each value is located once.
	if n := len(locate(text, reports)); n != 3000 {
		t.Fatalf("%d spans for 3,000 occurrences of one key", n)
	}
	hits, err := Detect(text)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hits {
		if h.Rule == "aws-access-token" {
			n++
		}
	}
	if n != 3000 {
		t.Fatalf("%d occurrences located, want 3000", n)
	}
}

func TestAzureCredentialsNameTheirAccount(t *testing.T) {
	for _, tc := range []struct{ text, rule, account string }{
		{"DefaultEndpointsProtocol=https;AccountName=AcmeData01;AccountKey=U2ltQWNtZURhdGFLZXlGb3JUZXN0c09ubHkwMTIzNDU2Nzg5QUJDREVGR0g=;EndpointSuffix=core.windows.net", "azure-storage-account-key", "acmedata01"},
		{"https://acmedata01.blob.core.windows.net/train/x.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01&sig=Qm9ndXNTaWduYXR1cmVGb3JUZXN0czAx%3D", "azure-sas-token", "acmedata01"},
		{"https://acmedata01.blob.core.windows.net/train/x.csv?sv=2022-11-02&skoid=1f2e&sktid=72f9&sp=r&sig=Qm9ndXNTaWduYXR1cmVGb3JUZXN0czAx%3D", "azure-sas-token", ""},
	} {
		hits, err := Detect(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hits {
			if h.Rule == tc.rule {
				found = true
				if h.Principal != tc.account {
					t.Errorf("%s: account %q, want %q", tc.rule, h.Principal, tc.account)
				}
			}
		}
		if !found {
			t.Errorf("%s not found in %q: %+v", tc.rule, tc.text, hits)
		}
	}
}

// A Google service account's address is a machine identity, not personal
// data; a person's address is.
func TestServiceAccountEmailIsNotPII(t *testing.T) {
	for text, want := range map[string]int{
		`"client_email": "labs-runner@acme-ml-prod.iam.gserviceaccount.com"`: 0,
		"987654321012-compute@developer.gserviceaccount.com":                 0,
		"write to ana.silva@example.com":                                     1,
	} {
		n := 0
		for _, h := range PII(text) {
			if h.Rule == PIIEmail {
				n++
			}
		}
		if n != want {
			t.Errorf("%q: %d email hits, want %d", text, n, want)
		}
	}
}
