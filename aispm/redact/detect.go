package redact

import (
	"regexp"
	"strings"
)

// The kinds of a Hit.
const (
	KindSecret = "secret"
	KindPII    = "pii"
)

// Hit is one detection in a text, located but never carrying the value: a
// secret (rule and fingerprint, as the redactor marks it) or personal data
// (its category).
type Hit struct {
	Kind        string
	Rule        string
	Fingerprint string // secrets only
	Start, End  int    // byte offsets in the text
	// Identifier is set only for rules whose match names a credential rather
	// than being it (an AWS access key id, a GCP service-account key id), and
	// for the private key of a GCP key file (the key id the file names). The
	// caller resolves it to the identity it belongs to and does not emit it.
	Identifier string
	// Principal is the identity a credential names about the hit (a GCP key
	// file's client_email, the storage account of an Azure connection string
	// or SAS URL), when it does.
	Principal string
}

// identifierRules are the rules whose value is an identifier of a credential.
var identifierRules = map[string]bool{"aws-access-token": true, "gcp-service-account-key": true}

var keyFileID = regexp.MustCompile(`\\?"private_key_id\\?"\s*:\s*\\?"([0-9a-f]{40})\\?"`)

var clientEmail = regexp.MustCompile(`\\?"client_email\\?"\s*:\s*\\?"([^"\\\s]+@[^"\\\s]+)\\?"`)

// Detect finds the secrets (the redactor's rules) and the personal data
// (PII categories, each validated: Luhn for payment cards, mod-97 for IBANs)
// in text. It is what the dataset scan runs on the samples it reads, so the
// redactor and the scan can never disagree about what a secret is.
func Detect(text string) ([]Hit, error) {
	spans, err := find(text)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, len(spans))
	for _, sp := range spans {
		h := Hit{Kind: KindSecret, Rule: sp.f.Rule, Fingerprint: sp.f.Fingerprint, Start: sp.start, End: sp.end}
		if identifierRules[h.Rule] {
			h.Identifier = text[sp.start:sp.end]
		}
		if h.Rule == "azure-storage-account-key" || h.Rule == "azure-sas-token" {
			h.Principal = storageAccountNear(text, sp.start, sp.end, h.Rule)
		}
		if h.Rule == "gcp-service-account-key" || h.Rule == "private-key" {
			// a key file is one JSON object: its client_email is near the key
			lo, hi := max(0, sp.start-4096), min(len(text), sp.end+4096)
			if m := clientEmail.FindStringSubmatch(text[lo:hi]); m != nil {
				h.Principal = m[1]
			}
			if m := keyFileID.FindStringSubmatch(text[lo:hi]); m != nil && h.Rule == "private-key" {
				h.Identifier = m[1] // the private key of a key file: the file names its key id
			}
		}
		hits = append(hits, h)
	}
	return append(hits, PII(text)...), nil
}

var (
	accountNameField = regexp.MustCompile(`(?i)\bAccountName=([a-z0-9]{3,24})\b`)
	storageHost      = regexp.MustCompile(`(?i)\b([a-z0-9]{3,24})\.(?:blob|dfs|file|queue|table)\.core\.windows\.net\b`)
)

// storageAccountNear names the storage account an Azure key or SAS opens:
// the AccountName of its connection string, or the host of the SAS URL. A
// user delegation SAS (skoid=) is signed by Entra ID, not the account key,
// so it names none.
func storageAccountNear(text string, start, end int, rule string) string {
	lo := max(0, start-512)
	if rule == "azure-sas-token" {
		if strings.Contains(text[lo:min(len(text), end+512)], "skoid=") {
			return ""
		}
		if m := storageHost.FindAllStringSubmatch(text[lo:start], -1); m != nil {
			return strings.ToLower(m[len(m)-1][1])
		}
		return ""
	}
	if m := accountNameField.FindAllStringSubmatch(text[lo:start], -1); m != nil {
		return strings.ToLower(m[len(m)-1][1])
	}
	if m := accountNameField.FindStringSubmatch(text[end:min(len(text), end+512)]); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// The PII categories.
const (
	PIIEmail       = "email"
	PIIPhone       = "phone_number"
	PIIPaymentCard = "payment_card"
	PIIIBAN        = "iban"
	PIIUSSSN       = "us_ssn"
	PIIUKNINO      = "uk_nino"
)

// piiRule is one category: a pattern and a validator that rules out the
// numbers that only look like one.
type piiRule struct {
	category string
	re       *regexp.Regexp
	valid    func(string) bool
	keyword  func(string) bool // cheap prefilter on the whole text
}

var piiRules = []piiRule{
	{PIIEmail, regexp.MustCompile(`\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b`), validEmail,
		func(s string) bool { return strings.Contains(s, "@") }},
	{PIIPaymentCard, regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`), validCard, hasDigits},
	{PIIIBAN, regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`), validIBAN, hasDigits},
	{PIIUSSSN, regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`), validSSN, func(s string) bool { return strings.Contains(s, "-") }},
	{PIIUKNINO, regexp.MustCompile(`\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`), validNINO, hasDigits},
	// E.164 (+44 20 7946 0958) or North American with separators
	// ((415) 555-0132, 415-555-0132): bare digit runs are ids, not phones.
	{PIIPhone, regexp.MustCompile(`(?:\+[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\b\d{3}[.-]\d{3}[.-]\d{4})\b`), validPhone, hasDigits},
}

func hasDigits(s string) bool { return strings.ContainsAny(s, "0123456789") }

// PII finds personal data in text: one hit per occurrence.
func PII(text string) []Hit {
	var out []Hit
	taken := map[int]bool{} // a card number is not also a phone number
	for _, r := range piiRules {
		if !r.keyword(text) {
			continue
		}
		for _, m := range r.re.FindAllStringIndex(text, -1) {
			if taken[m[0]] || !r.valid(text[m[0]:m[1]]) {
				continue
			}
			taken[m[0]] = true
			out = append(out, Hit{Kind: KindPII, Rule: r.category, Start: m[0], End: m[1]})
		}
	}
	return out
}

func digits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// serviceDomains are the mail domains of machine identities (Google service
// accounts), which are not personal data.
var serviceDomains = []string{".gserviceaccount.com", "gserviceaccount.com"}

func validEmail(s string) bool {
	local, domain, _ := strings.Cut(s, "@")
	for _, d := range serviceDomains {
		if strings.HasSuffix(strings.ToLower(domain), d) {
			return false
		}
	}
	return local != "" && !strings.HasPrefix(local, ".") && !strings.Contains(domain, "..")
}

// validCard: 13 to 19 digits, a card network's prefix, and the Luhn check.
func validCard(s string) bool {
	d := digits(s)
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	network := strings.HasPrefix(d, "4") || // Visa
		(d[0] == '5' && d[1] >= '1' && d[1] <= '5') || // Mastercard
		(d[:4] >= "2221" && d[:4] <= "2720") ||
		strings.HasPrefix(d, "34") || strings.HasPrefix(d, "37") || // American Express
		strings.HasPrefix(d, "6011") || strings.HasPrefix(d, "65") || (d[:3] >= "644" && d[:3] <= "649") || // Discover
		(d[:4] >= "3528" && d[:4] <= "3589") // JCB
	return network && luhn(d)
}

func luhn(d string) bool {
	sum := 0
	for i := range len(d) {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// ibanLengths are the IBAN lengths of the registry's countries (ISO 13616).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21,
	"CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18,
	"FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23,
	"IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
	"MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29,
	"PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26,
	"UA": 29, "VG": 24, "XK": 20,
}

// validIBAN: a registered country's length and the ISO 7064 mod-97 check.
func validIBAN(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if n, ok := ibanLengths[s[:2]]; !ok || n != len(s) {
		return false
	}
	rearranged := s[4:] + s[:4]
	rem := 0
	for _, c := range rearranged {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// validSSN: the ranges the Social Security Administration never issues are out.
func validSSN(s string) bool {
	area, group, serial := s[:3], s[4:6], s[7:]
	return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000"
}

func validNINO(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	switch s[:2] {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

func validPhone(s string) bool {
	n := len(digits(s))
	return n >= 10 && n <= 15
}
