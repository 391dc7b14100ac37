package redact

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// minSecretLength is the shortest string the pattern rules are run on: no
// rule of the set matches fewer characters, and audit events are mostly short
// identifiers.
const minSecretLength = 8

// SecretFieldRule is the rule id of a value held in a field the clouds' APIs
// use for secrets (a Google API key's keyString, an Azure account's key1).
const SecretFieldRule = "cloud-secret-field"

// secretFields are the response fields in which the clouds' APIs return a
// secret value; in an audit event they are redacted whatever the value.
var secretFields = map[string]bool{
	"keystring": true, "key1": true, "key2": true, "primarykey": true, "secondarykey": true,
	"primaryconnectionstring": true, "secondaryconnectionstring": true, "secretaccesskey": true,
	"sessiontoken": true, "serviceapikeyvalue": true, "servicepassword": true, "credentials": true,
	"privatekeydata": true, "accesstoken": true,
}

// JSON redacts a decoded JSON document (maps, slices, strings, numbers):
// every string is judged as Text, and every string held under a key named
// like a credential (password, secret, token, apiKey...) as Value, so
// {"apiKey": "abc"} is redacted even where no pattern knows the value. It
// returns a redacted copy and the findings, each tagged with its JSON path.
func JSON(v any) (any, []Finding) {
	var findings []Finding
	out := walkJSON(v, "$", "", &findings)
	return out, findings
}

// JSONText decodes raw JSON and redacts it; text that is not JSON is
// redacted as Text and returned as a string.
func JSONText(raw string) (any, []Finding) {
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		out, fs := Text(raw)
		return out, fs
	}
	return JSON(v)
}

func walkJSON(v any, path, key string, findings *[]Finding) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(map[string]any, len(x))
		for _, k := range keys {
			out[k] = walkJSON(x[k], path+"."+k, k, findings)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = walkJSON(e, path+"["+strconv.Itoa(i)+"]", key, findings)
		}
		return out
	case string:
		if secretFields[strings.ToLower(key)] && x != "" {
			f := Finding{Rule: SecretFieldRule, Fingerprint: Fingerprint(x), Where: path}
			*findings = append(*findings, f)
			return f.Marker()
		}
		if credentialName.MatchString(key) && !describesSecret.MatchString(key) {
			if fs := Value(key, x); len(fs) > 0 {
				for _, f := range fs {
					f.Where = path
					*findings = append(*findings, f)
				}
				return fs[0].Marker()
			}
		}
		if len(x) < minSecretLength {
			return x
		}
		return Into(findings, path, x)
	}
	return v
}
