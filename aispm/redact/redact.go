// Package redact is the one place user content (lifecycle scripts, agent
// instructions, environment values, metadata, data samples) passes before
// aispm emits it. Secrets are found with gitleaks' maintained rule set, used
// as a library, plus the rules gitleaks leaves out (credentials embedded in
// URLs); each secret is replaced by a marker naming the rule and a
// fingerprint of the value, never the value:
//
//	[redacted:<rule>:<first 12 hex digits of sha256(value)>]
//
// The same value always gets the same fingerprint, so findings can be
// correlated across resources without revealing what they are.
package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
	"github.com/zricethezav/gitleaks/v8/report"
)

// Finding is one secret found in user content: the rule that found it and
// the value's fingerprint. Where says which part of the resource held it
// (an environment variable's name, a script's position).
type Finding struct {
	Rule        string `json:"rule"`
	Fingerprint string `json:"fingerprint"`
	Where       string `json:"where,omitempty"`
}

// Marker is the text that replaces a secret.
func (f Finding) Marker() string { return "[redacted:" + f.Rule + ":" + f.Fingerprint + "]" }

// MarkerPattern matches a marker; controls look for it in redacted columns.
var MarkerPattern = regexp.MustCompile(`\[redacted:([a-z0-9-]+):([0-9a-f]{12})\]`)

// Fingerprint is the first 12 hex digits of the value's SHA-256.
func Fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:6])
}

// extraRules are secrets gitleaks' default rules do not cover.
var extraRules = []struct {
	id, description, regex string
	keywords               []string
}{
	{
		id:          "url-credentials",
		description: "A password or token embedded in a URL's user information (scheme://user:secret@host).",
		// The secret is the password part; placeholders (${VAR}, <pass>, ***) are not secrets.
		regex:    `(?i)\b[a-z][a-z0-9+.-]{1,30}://[^\s:/?#@'"\x60<>]{1,128}:([^\s/?#@'"\x60<>${}*][^\s/?#@'"\x60<>]{2,255})@[a-z0-9.\[\]-]+`,
		keywords: []string{"://"},
	},
	{
		id:          "azure-storage-account-key",
		description: "An Azure Storage account key inside a connection string (AccountKey=...).",
		regex:       `(?i)\bAccountKey=([A-Za-z0-9+/]{20,}={0,2})`,
		keywords:    []string{"accountkey="},
	},
	{
		id:          "azure-sas-token",
		description: "The signature of an Azure shared access signature (a SAS URL or token: sv=...&sig=...).",
		regex:       `(?i)\bsv=\d{4}-\d{2}-\d{2}&[^\s"'<>]*?\bsig=([A-Za-z0-9%+/]{16,}(?:%3D|=){0,2})`,
		keywords:    []string{"sig="},
	},
	{
		// The private key itself is gitleaks' private-key rule; this names the
		// key, so the scan can ask IAM whether it is still active.
		id:          "gcp-service-account-key",
		description: "A Google Cloud service-account key file (its private_key_id).",
		regex:       `\\?"private_key_id\\?"\s*:\s*\\?"([0-9a-f]{40})\\?"`,
		keywords:    []string{"private_key_id"},
	},
}

var (
	once     sync.Once
	detector *detect.Detector
	initErr  error
)

func load() (*detect.Detector, error) {
	once.Do(func() {
		// gitleaks logs through a package-level zerolog logger; aispm reports
		// findings itself.
		logging.Logger = zerolog.Nop()
		v := viper.New()
		v.SetConfigType("toml")
		if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
			initErr = fmt.Errorf("redact: reading gitleaks' default rules: %w", err)
			return
		}
		var vc config.ViperConfig
		if err := v.Unmarshal(&vc); err != nil {
			initErr = fmt.Errorf("redact: reading gitleaks' default rules: %w", err)
			return
		}
		cfg, err := vc.Translate()
		if err != nil {
			initErr = fmt.Errorf("redact: compiling gitleaks' default rules: %w", err)
			return
		}
		for _, r := range extraRules {
			rule := config.Rule{RuleID: r.id, Description: r.description, Regex: regexp.MustCompile(r.regex), SecretGroup: 1, Keywords: r.keywords}
			if err := rule.Validate(); err != nil {
				initErr = fmt.Errorf("redact: rule %s: %w", r.id, err)
				return
			}
			cfg.Rules[r.id] = rule
			cfg.OrderedRules = append(cfg.OrderedRules, r.id)
			for _, k := range r.keywords {
				cfg.Keywords[strings.ToLower(k)] = struct{}{}
			}
		}
		detector = detect.NewDetector(cfg)
	})
	return detector, initErr
}

// Rules lists the ids of every rule the redactor applies.
func Rules() ([]string, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(d.Config.Rules))
	for id := range d.Config.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

// span is one secret's place in the text.
type span struct {
	start, end int
	f          Finding
}

// find returns the secrets in s, each once, longest first where they overlap.
// locate places every occurrence of each value gitleaks reported. gitleaks
// reports each occurrence, and each value is located once: locating it again
// per report is quadratic in a text that repeats it.
func locate(s string, findings []report.Finding) []span {
	var spans []span
	located := map[string]bool{}
	for _, f := range findings {
		secret := f.Secret
		if secret == "" {
			secret = f.Match
		}
		if secret == "" || isMarker(secret) || located[f.RuleID+"\x00"+secret] {
			continue
		}
		located[f.RuleID+"\x00"+secret] = true
		fp := Fingerprint(secret)
		for i := 0; ; {
			j := strings.Index(s[i:], secret)
			if j < 0 {
				break
			}
			spans = append(spans, span{i + j, i + j + len(secret), Finding{Rule: f.RuleID, Fingerprint: fp}})
			i += j + len(secret)
		}
	}
	return spans
}

func find(s string) ([]span, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	spans := locate(s, d.DetectString(s))
	sort.Slice(spans, func(a, b int) bool {
		if spans[a].start != spans[b].start {
			return spans[a].start < spans[b].start
		}
		return spans[a].end > spans[b].end
	})
	// Drop spans inside an earlier one (two rules matching the same value).
	out := spans[:0]
	end := -1
	for _, sp := range spans {
		if sp.start < end {
			continue
		}
		out = append(out, sp)
		end = sp.end
	}
	return out, nil
}

func isMarker(s string) bool { return MarkerPattern.MatchString(s) }

// Unavailable is the rule of the finding reported, and the marker emitted in
// place of the whole content, when the rules could not be loaded: emitting
// content unredacted is never the fallback.
const Unavailable = "unavailable"

func withheld(err error) (string, []Finding) {
	f := Finding{Rule: Unavailable, Fingerprint: "000000000000", Where: err.Error()}
	return f.Marker(), []Finding{f}
}

// Text returns s with every secret replaced by its marker, and the findings
// (one per distinct rule and value).
func Text(s string) (string, []Finding) {
	if s == "" {
		return s, nil
	}
	spans, err := find(s)
	if err != nil {
		return withheld(err)
	}
	if len(spans) == 0 {
		return s, nil
	}
	var b strings.Builder
	var findings []Finding
	seen := map[Finding]bool{}
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(sp.f.Marker())
		last = sp.end
		if !seen[sp.f] {
			seen[sp.f] = true
			findings = append(findings, sp.f)
		}
	}
	b.WriteString(s[last:])
	return b.String(), findings
}

// Into redacts one piece of a resource's user content, appends its findings
// (tagged with where) to findings, and returns the redacted text.
func Into(findings *[]Finding, where, s string) string {
	out, fs := Text(s)
	for _, f := range fs {
		f.Where = where
		*findings = append(*findings, f)
	}
	return out
}

// Texts redacts each element; where says which (prefix[i]).
func Texts(prefix string, in []string) ([]string, []Finding) {
	out, all := make([]string, len(in)), []Finding{}
	for i, s := range in {
		out[i] = Into(&all, fmt.Sprintf("%s[%d]", prefix, i), s)
	}
	return out, all
}

// credentialName is a variable name that says its value is a credential;
// secretReference is a value that points at a secret store instead of
// holding the secret (AWS Secrets Manager and SSM, Key Vault references,
// GCP Secret Manager, templated values).
var (
	credentialName  = regexp.MustCompile(`(?i)(^|[_.-])(pass(word|wd|phrase)?|pwd|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|client[_.-]?secret|conn(ection)?[_.-]?str(ing)?)([_.-]|$)`)
	describesSecret = regexp.MustCompile(`(?i)[_.-](name|id|arn|path|file|uri|url|ref|version|length|size|mode|type|header|env)$`)
	secretReference = regexp.MustCompile(`(?i)^(\$\{.*\}|\{\{.*\}\}|@Microsoft\.KeyVault\(.*\)|arn:aws[a-z-]*:(secretsmanager|ssm):.*|projects/[^/]+/secrets/.*|[*x]+|true|false|none|null|\d{1,6})$`)
)

// CredentialNameRule is the rule id for a value held in a variable whose
// name says it is a credential, whatever the value looks like.
const CredentialNameRule = "credential-named-variable"

// Value judges one named value (an environment variable, a metadata entry)
// without keeping it: the name gives the generic rules their context
// (DB_PASSWORD=...), and a literal value in a variable named like a
// credential is a finding even where no pattern recognises the value. The
// findings carry where = name.
func Value(name, value string) []Finding {
	if value == "" {
		return nil
	}
	spans, err := find(name + "=" + value)
	if err != nil {
		_, fs := withheld(err)
		return fs
	}
	var out []Finding
	seen := map[Finding]bool{}
	for _, sp := range spans {
		f := sp.f
		f.Where = name
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(out) == 0 && credentialName.MatchString(name) && !describesSecret.MatchString(name) && !secretReference.MatchString(strings.TrimSpace(value)) {
		out = append(out, Finding{Rule: CredentialNameRule, Fingerprint: Fingerprint(value), Where: name})
	}
	return out
}

// Judge judges content aispm does not emit (command lines, templates): it
// appends the findings, tagged where[i].
func Judge(findings *[]Finding, where string, texts []string) {
	for i, s := range texts {
		Into(findings, fmt.Sprintf("%s[%d]", where, i), s)
	}
}

// Env judges named values aispm does not emit (environment variables,
// hyperparameters, metadata): it appends their findings, tagged
// prefix+name, and returns the names, sorted.
func Env(findings *[]Finding, prefix string, env map[string]string) []string {
	names := make([]string, 0, len(env))
	for n := range env {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, f := range Value(n, env[n]) {
			f.Where = prefix + n
			*findings = append(*findings, f)
		}
	}
	return names
}

// Values judges every entry of a map in name order; never nil.
func Values(m map[string]string) []Finding {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	out := []Finding{}
	for _, n := range names {
		out = append(out, Value(n, m[n])...)
	}
	return out
}
