package redact

import (
	"slices"
	"strings"
	"testing"
)

// Secrets in the shapes they take in scripts, instructions and settings.
// The values are random, not real credentials.
var textCases = []struct {
	name, text, secret, rule string
}{
	{"openai key in a profile line", "echo 'export OPENAI_API_KEY=sk-proj-Qm3T9vXb2LwZ8rNc4HfJ7kPd1sYgA6eU0oWi5tRz' >> ~/.bashrc", "sk-proj-Qm3T9vXb2LwZ8rNc4HfJ7kPd1sYgA6eU0oWi5tRz", "generic-api-key"},
	{"aws access key id", "aws_access_key_id = AKIA4Q7ZK2XN5RBVW3JH", "AKIA4Q7ZK2XN5RBVW3JH", "aws-access-token"},
	{"hugging face token", "huggingface-cli login --token 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", "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", "huggingface-access-token"},
	{"github token in a clone url", "git clone https://dana:ghp_R4nd0mT0k3nV4lu3Xy7Zq9Wk2Lp5Mn8Bv1C@github.com/acme/x", "ghp_R4nd0mT0k3nV4lu3Xy7Zq9Wk2Lp5Mn8Bv1C", ""},
	{"password in an index url", "pip install --index-url https://ci:Sup3rS3cretPa55@pypi.acme.internal/simple pkg", "Sup3rS3cretPa55", "url-credentials"},
	{"password in a database url", "DATABASE_URL=postgresql://app:n7Vq2LxK9wPz@db.internal:5432/app", "n7Vq2LxK9wPz", "url-credentials"},
	{"header in an instruction", "On escalation POST to the API with header X-Api-Key: 4f9Qz2LmX8vB7nR3tK6wY1pJ and the ticket id.", "4f9Qz2LmX8vB7nR3tK6wY1pJ", "generic-api-key"},
	{"bearer token in curl", "curl -H 'Authorization: Bearer 9b1d7e3f5a2c4e6g8h0j2k4m6n8p0r2t' https://api.internal/", "9b1d7e3f5a2c4e6g8h0j2k4m6n8p0r2t", "curl-auth-header"},
	{"slack bot token", "notify xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx done", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack-bot-token"},
}

func TestTextRedactsEverySecret(t *testing.T) {
	for _, c := range textCases {
		out, findings := Text(c.text)
		if strings.Contains(out, c.secret) {
			t.Errorf("%s: the secret survives: %q", c.name, out)
			continue
		}
		if len(findings) == 0 {
			t.Errorf("%s: no finding", c.name)
			continue
		}
		fp := Fingerprint(c.secret)
		var found bool
		for _, f := range findings {
			if strings.Contains(out, f.Marker()) && (c.rule == "" || f.Rule == c.rule) {
				found = true
			}
			if f.Fingerprint == fp && !strings.Contains(out, "[redacted:"+f.Rule+":"+fp+"]") {
				t.Errorf("%s: finding %+v has no marker in %q", c.name, f, out)
			}
		}
		if !found {
			t.Errorf("%s: want a %q marker, got %q (%+v)", c.name, c.rule, out, findings)
		}
		// The text around the secret is kept.
		if !strings.Contains(out, "[redacted:") || len(out) < len(c.text)-len(c.secret) {
			t.Errorf("%s: the surrounding text was lost: %q", c.name, out)
		}
	}
}

func TestTextKeepsOrdinaryContent(t *testing.T) {
	for _, s := range []string{
		"#!/bin/bash\nset -e\nsudo -u ec2-user -i conda install -y -n python3 xgboost\n",
		"Classify the ticket and route it to the right queue.",
		"postgres://app:${DB_PASS}@db:5432/x",
		"https://user:<password>@host/path",
		"export TOKENIZERS_PARALLELISM=false",
		"",
	} {
		out, findings := Text(s)
		if out != s || len(findings) != 0 {
			t.Errorf("%q changed to %q (%+v)", s, out, findings)
		}
	}
}

func TestTextIsIdempotentAndStable(t *testing.T) {
	for _, c := range textCases {
		once, f1 := Text(c.text)
		twice, f2 := Text(once)
		if once != twice || len(f2) != 0 {
			t.Errorf("%s: redacting again changed %q to %q (%+v)", c.name, once, twice, f2)
		}
		again, f3 := Text(c.text)
		if again != once || len(f3) != len(f1) {
			t.Errorf("%s: not deterministic: %q vs %q", c.name, once, again)
		}
	}
}

func TestEveryOccurrenceIsRedacted(t *testing.T) {
	key := "AKIA4Q7ZK2XN5RBVW3JH"
	out, findings := Text("a=" + key + "\nb=" + key + "\n")
	if strings.Contains(out, key) || strings.Count(out, "[redacted:") != 2 || len(findings) != 1 {
		t.Errorf("got %q (%+v)", out, findings)
	}
}

func TestValue(t *testing.T) {
	cases := []struct {
		name, value string
		want        string // rule, "" for none
	}{
		{"DB_PASSWORD", "Vx9#qL2!mZ7pR4tW", CredentialNameRule},
		{"HF_TOKEN", "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", "huggingface-access-token"},
		{"WANDB_API_KEY", "5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d", "generic-api-key"},
		{"CLIENT_SECRET", "hunter2hunter2", CredentialNameRule},
		{"DB_PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}", ""},
		{"DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf", ""},
		{"API_KEY", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/k/)", ""},
		{"SECRET_NAME", "prod-db-password", ""},
		{"TOKEN_HEADER", "X-Api-Key", ""},
		{"LOG_LEVEL", "info", ""},
		{"MODEL_VARIANT", "weekly", ""},
		{"TOKENIZERS_PARALLELISM", "false", ""},
	}
	for _, c := range cases {
		fs := Value(c.name, c.value)
		switch {
		case c.want == "" && len(fs) != 0:
			t.Errorf("%s=%s: unexpected %+v", c.name, c.value, fs)
		case c.want != "" && (len(fs) == 0 || fs[0].Rule != c.want || fs[0].Where != c.name):
			t.Errorf("%s: want %s, got %+v", c.name, c.want, fs)
		}
		for _, f := range fs {
			if strings.Contains(f.Rule+f.Fingerprint+f.Where, c.value) {
				t.Errorf("%s: the finding carries the value: %+v", c.name, f)
			}
		}
	}
}

func TestMarkerPattern(t *testing.T) {
	f := Finding{Rule: "generic-api-key", Fingerprint: Fingerprint("x")}
	if !MarkerPattern.MatchString("before " + f.Marker() + " after") {
		t.Errorf("%s does not match the marker pattern", f.Marker())
	}
	if len(f.Fingerprint) != 12 {
		t.Errorf("fingerprint %q", f.Fingerprint)
	}
}

func TestRulesIncludeGitleaksAndExtras(t *testing.T) {
	ids, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, id := range ids {
		have[id] = true
	}
	for _, want := range []string{"aws-access-token", "github-pat", "generic-api-key", "huggingface-access-token", "url-credentials"} {
		if !have[want] {
			t.Errorf("rule %s missing (have %d rules)", want, len(ids))
		}
	}
	if len(ids) < 150 {
		t.Errorf("only %d rules: gitleaks' default set did not load", len(ids))
	}
}

func FuzzText(f *testing.F) {
	for _, c := range textCases {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, findings := Text(s)
		if len(findings) == 0 && out != s {
			t.Fatalf("changed without findings: %q -> %q", s, out)
		}
	})
}

func TestEnvJudgeAndTextsTagWhere(t *testing.T) {
	var fs []Finding
	names := Env(&fs, "environment.", map[string]string{"LOG_LEVEL": "info", "HF_TOKEN": "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"})
	if strings.Join(names, ",") != "HF_TOKEN,LOG_LEVEL" {
		t.Errorf("names %v", names)
	}
	Judge(&fs, "args", []string{"--epochs=3", "--index-url=https://ci:Sup3rS3cretPa55@pypi.acme.internal/simple"})
	out, more := Texts("on_start", []string{"echo ok", "export AWS_ACCESS_KEY_ID=AKIA4Q7ZK2XN5RBVW3JH"})
	fs = append(fs, more...)
	want := map[string]bool{"environment.HF_TOKEN": false, "args[1]": false, "on_start[1]": false}
	for _, f := range fs {
		if _, ok := want[f.Where]; !ok {
			t.Errorf("unexpected finding %+v", f)
		}
		want[f.Where] = true
	}
	for w, seen := range want {
		if !seen {
			t.Errorf("no finding where %s (%+v)", w, fs)
		}
	}
	if out[0] != "echo ok" || strings.Contains(out[1], "AKIA4Q7ZK2XN5RBVW3JH") {
		t.Errorf("texts %q", out)
	}
}

func TestJSONRedactsNamedAndPatternedSecrets(t *testing.T) {
	in := map[string]any{
		"modelId":  "anthropic.claude-3-haiku",
		"password": "hunter2hunter2",
		"nested":   []any{map[string]any{"note": "key AKIA7Q2ZK4XN5RBVW6JM leaked"}},
		"count":    3.0,
	}
	out, fs := JSON(in)
	m := out.(map[string]any)
	if m["modelId"] != "anthropic.claude-3-haiku" || m["count"] != 3.0 {
		t.Errorf("non-secrets changed: %v", m)
	}
	if !MarkerPattern.MatchString(m["password"].(string)) {
		t.Errorf("password not redacted: %v", m["password"])
	}
	note := m["nested"].([]any)[0].(map[string]any)["note"].(string)
	if strings.Contains(note, "AKIA7Q2ZK4XN5RBVW6JM") || !MarkerPattern.MatchString(note) {
		t.Errorf("access key not redacted: %q", note)
	}
	var where []string
	for _, f := range fs {
		where = append(where, f.Where)
	}
	if len(fs) != 2 || !slices.Contains(where, "$.password") || !slices.Contains(where, "$.nested[0].note") {
		t.Errorf("findings %+v", fs)
	}
	if in["password"] != "hunter2hunter2" {
		t.Error("the input was modified")
	}
	if v, fs := JSONText("not json AKIA7Q2ZK4XN5RBVW6JM"); len(fs) != 1 || strings.Contains(v.(string), "AKIA7Q2ZK4XN5RBVW6JM") {
		t.Errorf("JSONText on text: %v %v", v, fs)
	}
}
