// Package cloud holds what the three clouds share: the scope a query fans out
// over, the typed error classifier, the scope-status registry and the row
// metadata every table carries.
package cloud

import (
	"fmt"
	"strings"
)

// Kind names a cloud.
type Kind string

const (
	AWS   Kind = "aws"
	Azure Kind = "azure"
	GCP   Kind = "gcp"
)

// Kinds lists every supported cloud in display order.
var Kinds = []Kind{AWS, Azure, GCP}

// ParseKind returns the Kind for s, or an error naming the accepted values.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == strings.ToLower(strings.TrimSpace(s)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown cloud %q (accepted: aws, azure, gcp)", s)
}

// Matrix keys. A matrix item carries cloud and the levels its scope has; a
// level it lacks (an Azure subscription's location, a project-wide GCP scope's
// location) must not be filtered on, because the rows carry their own value.
const (
	KeyCloud          = "cloud"
	KeyAccountID      = "account_id"
	KeyRegion         = "region"
	KeySubscriptionID = "subscription_id"
	KeyProject        = "project"
	KeyLocation       = "location"
)

// Scope is one unit of fan-out: an AWS account+region, an Azure subscription,
// or a GCP project+location.
type Scope struct {
	Cloud          Kind
	AccountID      string
	Region         string
	SubscriptionID string
	Project        string
	Location       string
}

// String renders the scope the way aispm_scope_status shows it.
func (s Scope) String() string {
	switch s.Cloud {
	case AWS:
		return join(s.AccountID, s.Region)
	case Azure:
		return s.SubscriptionID
	case GCP:
		return join(s.Project, s.Location)
	}
	return ""
}

// join joins the non-empty levels of a scope with "/".
func join(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "/"
		}
		out += p
	}
	return out
}

// Key is a stable cache key for clients built for this scope.
func (s Scope) Key() string { return string(s.Cloud) + ":" + s.String() }

// IsZero reports whether the scope is empty (no matrix item was set).
func (s Scope) IsZero() bool { return s.Cloud == "" }

// Place is the scope's location-like level: AWS region, Azure/GCP location.
func (s Scope) Place() string {
	if s.Cloud == AWS {
		return s.Region
	}
	return s.Location
}

// Owner is the scope's account-like level: AWS account, Azure subscription, GCP project.
func (s Scope) Owner() string {
	switch s.Cloud {
	case AWS:
		return s.AccountID
	case Azure:
		return s.SubscriptionID
	}
	return s.Project
}

// MatrixItem renders the scope as an SDK matrix item: cloud and the levels set.
func (s Scope) MatrixItem() map[string]any {
	m := map[string]any{KeyCloud: string(s.Cloud)}
	for k, v := range map[string]string{
		KeyAccountID:      s.AccountID,
		KeyRegion:         s.Region,
		KeySubscriptionID: s.SubscriptionID,
		KeyProject:        s.Project,
		KeyLocation:       s.Location,
	} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// ScopeFromMatrix reads a scope back from a matrix item (nil gives the zero scope).
func ScopeFromMatrix(m map[string]any) Scope {
	get := func(k string) string { v, _ := m[k].(string); return v }
	return Scope{
		Cloud:          Kind(get(KeyCloud)),
		AccountID:      get(KeyAccountID),
		Region:         get(KeyRegion),
		SubscriptionID: get(KeySubscriptionID),
		Project:        get(KeyProject),
		Location:       get(KeyLocation),
	}
}

// Meta is embedded in every row: the standard columns of STYLE.md §8.
type Meta struct {
	Cloud          Kind              `json:"cloud"`
	AccountID      string            `json:"account_id,omitempty"`
	Region         string            `json:"region,omitempty"`
	SubscriptionID string            `json:"subscription_id,omitempty"`
	ResourceGroup  string            `json:"resource_group,omitempty"`
	Project        string            `json:"project,omitempty"`
	Location       string            `json:"location,omitempty"`
	Name           string            `json:"name"`
	Title          string            `json:"title"`
	Tags           map[string]string `json:"tags,omitempty"`
	Akas           []string          `json:"akas"`
}

// Row is implemented by every row type through its embedded Meta.
type Row interface{ RowMeta() *Meta }

// RowMeta returns the row's metadata.
func (m *Meta) RowMeta() *Meta { return m }

// Stamp fills the scope columns from the scope the row was fetched in and
// defaults the title to the name. Fields a fetch function already set (an
// Azure location, a resource group) are kept.
func (m *Meta) Stamp(s Scope) {
	m.Cloud = s.Cloud
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&m.AccountID, s.AccountID)
	fill(&m.Region, s.Region)
	fill(&m.SubscriptionID, s.SubscriptionID)
	fill(&m.Project, s.Project)
	fill(&m.Location, s.Location)
	fill(&m.Title, m.Name)
	if m.Akas == nil {
		m.Akas = []string{}
	}
}

// Scope returns the scope a row was fetched in, so per-row hydrates can find
// the scope's cached clients.
func (m *Meta) Scope() Scope {
	switch m.Cloud {
	case AWS:
		return Scope{Cloud: AWS, AccountID: m.AccountID, Region: m.Region}
	case Azure:
		return Scope{Cloud: Azure, SubscriptionID: m.SubscriptionID}
	case GCP:
		return Scope{Cloud: GCP, Project: m.Project, Location: m.Location}
	}
	return Scope{}
}
