package cloud

import "time"

// Outcome is what happened when a table queried a scope.
type Outcome struct {
	Scope     Scope
	Service   string
	Table     string
	Status    Class
	Error     string
	Rows      int64
	CheckedAt time.Time
}
