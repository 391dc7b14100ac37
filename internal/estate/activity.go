package estate

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"time"
)

// Activity timelines: CloudTrail events (aws region → cloudtrail: events),
// Bedrock invocation log records (logs: log_events, each naming its
// logGroupName), Activity Log events (azure subscription → activity_log) and
// Cloud Audit Logs entries (gcp project → audit_log). Times are usually
// relative ("now-3h", "now-90m"). An event with x-repeat {count, every} stands
// for count events, each `every` earlier than the one before. Attack events
// carry x-expect-on {principal: [detections]}.

// KeyRepeat expands one event into several.
const KeyRepeat = "x-repeat"

// activityTimeField is the field holding each activity collection's event time.
var activityTimeField = map[string]string{"events": "eventTime", "log_events": "timestamp", "activity_log": "eventTimestamp", "audit_log": "timestamp"}

// expandRepeats returns items with every x-repeat expanded.
func expandRepeats(items []Item, timeField string) ([]Item, error) {
	var out []Item
	for _, it := range items {
		fixTimes(it)
		rep, ok := it[KeyRepeat].(map[string]any)
		if !ok {
			out = append(out, it)
			continue
		}
		count, _ := rep["count"].(int)
		every, err := time.ParseDuration(fmt.Sprint(rep["every"]))
		if err != nil || count < 1 || every <= 0 {
			return nil, fmt.Errorf("x-repeat %v: needs count >= 1 and every (a duration such as 10m)", rep)
		}
		for i := range count {
			c := deepCopy(it).(Item)
			delete(c, KeyRepeat)
			t, err := shiftTime(fmt.Sprint(it[timeField]), -time.Duration(i)*every)
			if err != nil {
				return nil, err
			}
			c[timeField] = t
			if i > 0 {
				delete(c, KeyExpectOn) // the expectation is on the principal, once
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// shiftTime moves a timestamp (RFC 3339 or relative) by d.
func shiftTime(s string, d time.Duration) (string, error) {
	if m := relativeTime.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[2])
		unit := map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour, "m": time.Minute, "s": time.Second}[m[3]]
		off := time.Duration(n) * unit
		if m[1] == "-" {
			off = -off
		}
		off += d
		sign := "+"
		if off < 0 {
			sign, off = "-", -off
		}
		if off%time.Minute == 0 {
			return fmt.Sprintf("now%s%dm", sign, int64(off/time.Minute)), nil
		}
		return fmt.Sprintf("now%s%ds", sign, int64(off/time.Second)), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return "", fmt.Errorf("event time %q is neither RFC 3339 nor relative (now-3h)", s)
	}
	return t.Add(d).UTC().Format(time.RFC3339), nil
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = deepCopy(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = deepCopy(val)
		}
		return out
	}
	return v
}

// EventID is a deterministic id for the n-th event of a scope, in the
// 8-4-4-4-12 form CloudTrail and the Activity Log use.
func EventID(scope string, n int) string {
	h := fnv.New32a()
	h.Write([]byte(scope))
	return fmt.Sprintf("%08x-5e1a-4000-8000-%012d", h.Sum32(), n)
}

// normalizeActivity expands repeats and gives every event an id.
func (e *Estate) normalizeActivity() error {
	for _, a := range e.AWS.Accounts {
		for region, r := range a.Regions {
			for svc, col := range map[string]string{"cloudtrail": "events", "logs": "log_events"} {
				items := r.Services[svc][col]
				if items == nil {
					continue
				}
				out, err := expandRepeats(items, activityTimeField[col])
				if err != nil {
					return fmt.Errorf("aws %s/%s %s/%s: %w", a.ID, region, svc, col, err)
				}
				idField := map[string]string{"events": "eventID", "log_events": "eventId"}[col]
				for i, it := range out {
					if _, ok := it[idField]; !ok {
						it[idField] = EventID(a.ID+"/"+region+"/"+col, i)
					}
					if col == "events" {
						if _, ok := it["eventName"].(string); !ok {
							return fmt.Errorf("aws %s/%s cloudtrail event %d: no eventName", a.ID, region, i)
						}
					}
				}
				r.Services[svc][col] = out
			}
		}
	}
	for _, s := range e.Azure.Subscriptions {
		out, err := expandRepeats(s.ActivityLog, "eventTimestamp")
		if err != nil {
			return fmt.Errorf("azure %s activity_log: %w", s.ID, err)
		}
		for i, it := range out {
			if _, ok := it["eventDataId"]; !ok {
				it["eventDataId"] = EventID(s.ID, i)
			}
		}
		s.ActivityLog = out
	}
	for _, p := range e.GCP.Projects {
		out, err := expandRepeats(p.AuditLog, "timestamp")
		if err != nil {
			return fmt.Errorf("gcp %s audit_log: %w", p.ID, err)
		}
		for i, it := range out {
			if _, ok := it["insertId"]; !ok {
				it["insertId"] = fmt.Sprintf("sim%s%06d", p.ID, i)
			}
		}
		p.AuditLog = out
	}
	return nil
}

// EachActivity visits every Azure Activity Log event and GCP audit log entry
// (the AWS ones are AWS collections: EachAWS visits them).
func (e *Estate) EachActivity(fn func(it Item)) {
	for _, s := range e.Azure.Subscriptions {
		for _, it := range s.ActivityLog {
			fn(it)
		}
	}
	for _, p := range e.GCP.Projects {
		for _, it := range p.AuditLog {
			fn(it)
		}
	}
}
