package cloud

import (
	"regexp"
	"strings"
	"sync"
)

var wildcards sync.Map // pattern (with its case rule) → *regexp.Regexp

// Wildcard reports whether value matches a policy pattern in which * is any
// run of characters and ? one character, as IAM and Azure RBAC write action
// and resource patterns; fold makes the match case-insensitive. Compiled
// patterns are kept for the process.
func Wildcard(pattern, value string, fold bool) bool {
	key := pattern
	if fold {
		key = "(?i)" + pattern
	}
	if re, ok := wildcards.Load(key); ok {
		return re.(*regexp.Regexp).MatchString(value)
	}
	q := strings.ReplaceAll(strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*"), `\?`, ".")
	if fold {
		q = "(?i)" + q
	}
	re := regexp.MustCompile("^" + q + "$")
	wildcards.Store(key, re)
	return re.MatchString(value)
}
