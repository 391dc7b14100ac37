package sim

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/aispm/aispm/internal/estate"
)

func urlUnescape(s string) (string, error) { return url.QueryUnescape(s) }

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// xmlFields renders an item's public fields as XML elements, in key order.
func xmlFields(it map[string]any) string {
	var b strings.Builder
	for _, k := range sortedKeys(it) {
		if strings.HasPrefix(k, "x-") {
			continue
		}
		fmt.Fprintf(&b, "<%s>%s</%s>", k, xmlEscape(fmt.Sprint(it[k])), k)
	}
	return b.String()
}

// serveIAM answers ListServiceSpecificCredentials (the only IAM read aispm
// makes), for one user or, with AllUsers, every user.
func (s *Server) serveIAM(w http.ResponseWriter, c *awsCall, data map[string][]estate.Item) {
	if c.op == "ListEntitiesForPolicy" {
		s.serveEntitiesForPolicy(w, c, data)
		return
	}
	if s.serveIAMUsers(w, c, data) {
		return
	}
	if c.op != "ListServiceSpecificCredentials" {
		s.awsFail(w, c, awsError{http.StatusBadRequest, "InvalidAction", "aispm sim does not serve iam:" + c.op})
		return
	}
	user, all := c.query["UserName"], c.query["AllUsers"] == "true"
	if user == "" && !all {
		user = "aispm-reader" // the caller's own credentials
	}
	var match []estate.Item
	known := false
	for _, it := range data["service_specific_credentials"] {
		known = known || it["UserName"] == user
		if (all || it["UserName"] == user) && (c.query["ServiceName"] == "" || it["ServiceName"] == c.query["ServiceName"]) {
			match = append(match, it)
		}
	}
	if user != "" && !all && !known {
		s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchEntity", "The user with name " + user + " cannot be found."})
		return
	}
	s.iamList(w, c, "ServiceSpecificCredentials", match, xmlFields)
}

// iamList answers an IAM list operation: one page of items (MaxItems and
// Marker, as IAM pages) as members of field.
func (s *Server) iamList(w http.ResponseWriter, c *awsCall, field string, items []estate.Item, member func(estate.Item) string) {
	n := 0
	_, _ = fmt.Sscanf(c.query["MaxItems"], "%d", &n)
	start, end, next, err := s.page(len(items), n, 100, c.query["Marker"])
	if err != nil {
		s.awsFail(w, c, awsError{http.StatusBadRequest, "ValidationError", err.Error()})
		return
	}
	var b strings.Builder
	for _, it := range items[start:end] {
		b.WriteString("<member>" + member(it) + "</member>")
	}
	marker := ""
	if next != "" {
		marker = "<Marker>" + next + "</Marker>"
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%[1]sResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><%[1]sResult><%[2]s>%[3]s</%[2]s><IsTruncated>%[4]t</IsTruncated>%[5]s</%[1]sResult>`+
		`<ResponseMetadata><RequestId>sim</RequestId></ResponseMetadata></%[1]sResponse>`, c.op, field, b.String(), next != "", marker)
}

// s3Operation names a path-style S3 request by its subresource.
func s3Operation(r *http.Request) string {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		return r.Method + "Object"
	case key != "":
		return "GetObject"
	case bucket == "":
		return "ListBuckets"
	case q.Get("list-type") == "2":
		return "ListObjectsV2"
	}
	for _, sub := range []struct{ param, op string }{
		{"location", "GetBucketLocation"}, {"publicAccessBlock", "GetPublicAccessBlock"}, {"policyStatus", "GetBucketPolicyStatus"}, {"policy", "GetBucketPolicy"},
		{"acl", "GetBucketAcl"}, {"encryption", "GetBucketEncryption"}, {"ownershipControls", "GetBucketOwnershipControls"},
	} {
		if q.Has(sub.param) {
			return sub.op
		}
	}
	return "ListObjects"
}

const s3NS = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`

// serveS3 answers the bucket-level reads aispm makes for data exposure.
// Buckets carry Region, PublicAccessBlock, PolicyPublic (absent: no policy),
// Policy (the bucket policy document, served by GetBucketPolicy),
// Grants and Encryption.
func (s *Server) serveS3(w http.ResponseWriter, c *awsCall, data map[string][]estate.Item) {
	name, _, _ := strings.Cut(strings.TrimPrefix(c.r.URL.Path, "/"), "/")
	var b estate.Item
	for _, it := range data["buckets"] {
		if it["Name"] == name {
			b = it
		}
	}
	if b == nil {
		s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist"})
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	switch c.op {
	case "GetBucketLocation":
		region, _ := b["Region"].(string)
		if region == "us-east-1" {
			region = ""
		}
		fmt.Fprintf(w, `<LocationConstraint %s>%s</LocationConstraint>`, s3NS, region)
	case "GetPublicAccessBlock":
		pab, ok := b["PublicAccessBlock"].(map[string]any)
		if !ok {
			s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"})
			return
		}
		fmt.Fprintf(w, `<PublicAccessBlockConfiguration %s>%s</PublicAccessBlockConfiguration>`, s3NS, xmlFields(pab))
	case "GetBucketPolicyStatus":
		public, ok := b["PolicyPublic"].(bool)
		if _, hasPolicy := b["Policy"]; !ok && hasPolicy {
			public, ok = false, true // a policy whose public-ness the estate does not declare is not public
		}
		if !ok {
			s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist"})
			return
		}
		fmt.Fprintf(w, `<PolicyStatus %s><IsPublic>%t</IsPublic></PolicyStatus>`, s3NS, public)
	case "GetBucketPolicy":
		policy, ok := b["Policy"]
		if !ok {
			s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist"})
			return
		}
		doc, err := json.Marshal(policy)
		if err != nil {
			s.awsFail(w, c, awsError{http.StatusInternalServerError, "InternalError", "the estate's bucket policy is not JSON: " + err.Error()})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(doc)
	case "GetBucketAcl":
		var grants strings.Builder
		list, _ := b["Grants"].([]any)
		for _, g := range list {
			m, _ := g.(map[string]any)
			fmt.Fprintf(&grants, `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>%s</URI></Grantee><Permission>%s</Permission></Grant>`,
				xmlEscape(fmt.Sprint(m["URI"])), xmlEscape(fmt.Sprint(m["Permission"])))
		}
		fmt.Fprintf(w, `<AccessControlPolicy %s><Owner><ID>%s</ID></Owner><AccessControlList>%s</AccessControlList></AccessControlPolicy>`, s3NS, c.account.ID, grants.String())
	case "GetBucketOwnershipControls":
		own, ok := b["ObjectOwnership"].(string)
		if !ok {
			s.awsFail(w, c, awsError{http.StatusNotFound, "OwnershipControlsNotFoundError", "The bucket ownership controls were not found"})
			return
		}
		fmt.Fprintf(w, `<OwnershipControls %s><Rule><ObjectOwnership>%s</ObjectOwnership></Rule></OwnershipControls>`, s3NS, xmlEscape(own))
	case "GetBucketEncryption":
		enc, ok := b["Encryption"].(map[string]any)
		if !ok {
			s.awsFail(w, c, awsError{http.StatusNotFound, "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found"})
			return
		}
		fmt.Fprintf(w, `<ServerSideEncryptionConfiguration %s><Rule><ApplyServerSideEncryptionByDefault>%s</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`, s3NS, xmlFields(enc))
	case "ListObjectsV2":
		prefix := c.r.URL.Query().Get("prefix")
		objects, _ := b["x-objects"].(map[string]any)
		var contents strings.Builder
		n := 0
		for _, key := range sortedKeys(objects) {
			if !strings.HasPrefix(key, prefix) {
				continue
			}
			data, err := estate.Object(objects[key])
			if err != nil {
				continue
			}
			n++
			fmt.Fprintf(&contents, `<Contents><Key>%s</Key><LastModified>2025-06-01T00:00:00.000Z</LastModified><ETag>"sim"</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>`, xmlEscape(key), len(data))
		}
		fmt.Fprintf(w, `<ListBucketResult %s><Name>%s</Name><Prefix>%s</Prefix><KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>%s</ListBucketResult>`,
			s3NS, name, xmlEscape(prefix), n, contents.String())
	case "GetObject":
		_, key, _ := strings.Cut(strings.TrimPrefix(c.r.URL.Path, "/"), "/")
		objects, _ := b["x-objects"].(map[string]any)
		file, ok := objects[key]
		data, err := estate.Object(file)
		if !ok || err != nil {
			s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchKey", "The specified key does not exist."})
			return
		}
		serveRange(w, c.r, data)
	default:
		s.awsFail(w, c, awsError{http.StatusForbidden, "AccessDenied", "aispm sim does not serve s3:" + c.op})
	}
}

// serveRange answers a GET with an optional "Range: bytes=a-b" header, as S3,
// Cloud Storage and Azure Blob do (206 with Content-Range).
func serveRange(w http.ResponseWriter, r *http.Request, data []byte) {
	rng := r.Header.Get("Range")
	if rng == "" {
		rng = r.Header.Get("x-ms-range")
	}
	var from, to int64
	if n, _ := fmt.Sscanf(rng, "bytes=%d-%d", &from, &to); n == 0 || rng == "" {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data)
		return
	} else if n == 1 {
		to = int64(len(data)) - 1
	}
	if from >= int64(len(data)) || from < 0 || to < from {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(data)))
		w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
		return
	}
	to = min(to, int64(len(data))-1)
	w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, to, len(data)))
	w.Header().Set("Content-Length", fmt.Sprint(to-from+1))
	w.WriteHeader(http.StatusPartialContent)
	_, _ = w.Write(data[from : to+1])
}

// serveIAMUsers answers the IAM user reads the dataset scan makes to find
// whose an access key is, from the estate's users (x-access-keys,
// x-policies, x-groups) and groups (x-policies): ListUsers, ListAccessKeys,
// GetAccessKeyLastUsed, ListAttachedUserPolicies, ListGroupsForUser,
// ListAttachedGroupPolicies. It reports false for any other operation.
func (s *Server) serveIAMUsers(w http.ResponseWriter, c *awsCall, data map[string][]estate.Item) bool {
	find := func(col, field, name string) estate.Item {
		for _, it := range data[col] {
			if it[field] == name {
				return it
			}
		}
		return nil
	}
	list := func(items []estate.Item, member func(estate.Item) string) {
		field := map[string]string{"ListUsers": "Users", "ListAccessKeys": "AccessKeyMetadata", "ListGroupsForUser": "Groups",
			"ListAttachedUserPolicies": "AttachedPolicies", "ListAttachedGroupPolicies": "AttachedPolicies"}[c.op]
		s.iamList(w, c, field, items, member)
	}
	policies := func(it estate.Item) []estate.Item {
		var out []estate.Item
		arns, _ := it["x-policies"].([]any)
		for _, a := range arns {
			arn := fmt.Sprint(a)
			out = append(out, estate.Item{"PolicyArn": arn, "PolicyName": arn[strings.LastIndex(arn, "/")+1:]})
		}
		return out
	}
	noUser := func(name string) {
		s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchEntity", "The user with name " + name + " cannot be found."})
	}
	keyOf := func(id string) (estate.Item, estate.Item) {
		for _, u := range data["users"] {
			keys, _ := u["x-access-keys"].([]any)
			for _, k := range keys {
				if m, ok := k.(map[string]any); ok && m["AccessKeyId"] == id {
					return u, m
				}
			}
		}
		return nil, nil
	}
	switch c.op {
	case "SimulatePrincipalPolicy":
		s.simulatePrincipalPolicy(w, c, data)
	case "ListUsers":
		list(data["users"], xmlFields)
	case "ListAccessKeys":
		u := find("users", "UserName", c.query["UserName"])
		if u == nil {
			noUser(c.query["UserName"])
			break
		}
		var keys []estate.Item
		raw, _ := u["x-access-keys"].([]any)
		for _, k := range raw {
			m, _ := k.(map[string]any)
			keys = append(keys, estate.Item{"UserName": u["UserName"], "AccessKeyId": m["AccessKeyId"], "Status": m["Status"], "CreateDate": m["CreateDate"]})
		}
		list(keys, xmlFields)
	case "GetAccessKeyLastUsed":
		u, k := keyOf(c.query["AccessKeyId"])
		if u == nil {
			s.awsFail(w, c, awsError{http.StatusForbidden, "AccessDenied", "The access key does not belong to this account."})
			break
		}
		used := "<Region>N/A</Region><ServiceName>N/A</ServiceName>"
		if t, ok := k["LastUsedDate"]; ok {
			used = fmt.Sprintf("<LastUsedDate>%s</LastUsedDate><Region>us-east-1</Region><ServiceName>s3</ServiceName>", xmlEscape(fmt.Sprint(t)))
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<GetAccessKeyLastUsedResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccessKeyLastUsedResult><UserName>%s</UserName><AccessKeyLastUsed>%s</AccessKeyLastUsed></GetAccessKeyLastUsedResult>`+
			`<ResponseMetadata><RequestId>sim</RequestId></ResponseMetadata></GetAccessKeyLastUsedResponse>`, xmlEscape(fmt.Sprint(u["UserName"])), used)
	case "ListAttachedUserPolicies", "ListGroupsForUser":
		u := find("users", "UserName", c.query["UserName"])
		if u == nil {
			noUser(c.query["UserName"])
			break
		}
		if c.op == "ListAttachedUserPolicies" {
			list(policies(u), xmlFields)
			break
		}
		var groups []estate.Item
		names, _ := u["x-groups"].([]any)
		for _, n := range names {
			if g := find("groups", "GroupName", fmt.Sprint(n)); g != nil {
				groups = append(groups, g)
			}
		}
		list(groups, xmlFields)
	case "ListAttachedGroupPolicies":
		g := find("groups", "GroupName", c.query["GroupName"])
		if g == nil {
			s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchEntity", "The group with name " + c.query["GroupName"] + " cannot be found."})
			break
		}
		list(policies(g), xmlFields)
	default:
		return false
	}
	return true
}

// simulatePrincipalPolicy answers iam:SimulatePrincipalPolicy from the
// estate's declared permissions: a role's or user's x-statements ({Effect,
// Action, Resource} with * wildcards, x-policy naming their policy), and
// AdministratorAccess among a user's or its groups' x-policies. An explicit
// Deny wins; no matching Allow is an implicitDeny.
func (s *Server) simulatePrincipalPolicy(w http.ResponseWriter, c *awsCall, data map[string][]estate.Item) {
	principal := c.query["PolicySourceArn"]
	var who estate.Item
	for _, col := range []string{"roles", "users"} {
		for _, it := range data[col] {
			if it["Arn"] == principal {
				who = it
			}
		}
	}
	if who == nil {
		s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchEntity", "The principal " + principal + " cannot be found."})
		return
	}
	type statement struct {
		effect, policy     string
		actions, resources []string
	}
	var statements []statement
	strs := func(v any) []string {
		var out []string
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				out = append(out, fmt.Sprint(e))
			}
		}
		return out
	}
	raw, _ := who["x-statements"].([]any)
	for _, st := range raw {
		m, _ := st.(map[string]any)
		statements = append(statements, statement{effect: fmt.Sprint(m["Effect"]), policy: fmt.Sprint(m["x-policy"]), actions: strs(m["Action"]), resources: strs(m["Resource"])})
	}
	policies := strs(who["x-policies"])
	for _, g := range strs(who["x-groups"]) {
		for _, it := range data["groups"] {
			if it["GroupName"] == g {
				policies = append(policies, strs(it["x-policies"])...)
			}
		}
	}
	for _, p := range policies {
		if p == "arn:aws:iam::aws:policy/AdministratorAccess" {
			statements = append(statements, statement{effect: "Allow", policy: "AdministratorAccess", actions: []string{"*"}, resources: []string{"*"}})
		}
	}
	// IAM wildcards: * matches any run of characters (slashes included), ? one.
	matches := func(patterns []string, v string) bool {
		for _, p := range patterns {
			re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(p)) + "$"
			if ok, _ := regexp.MatchString(re, v); ok {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	for _, action := range formList(c.query, "ActionNames") {
		for _, res := range formList(c.query, "ResourceArns") {
			decision, matched := "implicitDeny", ""
			for _, st := range statements {
				if !matches(st.actions, action) || !matches(st.resources, res) {
					continue
				}
				if st.effect == "Deny" {
					decision, matched = "explicitDeny", st.policy
					break
				}
				decision, matched = "allowed", st.policy
			}
			fmt.Fprintf(&b, "<member><EvalActionName>%s</EvalActionName><EvalResourceName>%s</EvalResourceName><EvalDecision>%s</EvalDecision><MatchedStatements>",
				xmlEscape(action), xmlEscape(res), decision)
			if matched != "" {
				fmt.Fprintf(&b, "<member><SourcePolicyId>%s</SourcePolicyId><SourcePolicyType>IAM Policy</SourcePolicyType></member>", xmlEscape(matched))
			}
			b.WriteString("</MatchedStatements></member>")
		}
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>%s</EvaluationResults></SimulatePrincipalPolicyResult>`+
		`<ResponseMetadata><RequestId>sim</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`, b.String())
}

// formList reads a query-protocol list parameter (Name.member.1, Name.member.2, ...).
func formList(q map[string]string, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := q[fmt.Sprintf("%s.member.%d", name, i)]
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// serveEntitiesForPolicy answers iam:ListEntitiesForPolicy from the estate's
// policy_attachments (one item per attached user, group or role).
func (s *Server) serveEntitiesForPolicy(w http.ResponseWriter, c *awsCall, data map[string][]estate.Item) {
	members := map[string]*strings.Builder{"user": {}, "group": {}, "role": {}}
	for _, it := range data["policy_attachments"] {
		if it["PolicyArn"] != c.query["PolicyArn"] {
			continue
		}
		typ := fmt.Sprint(it["EntityType"])
		b, ok := members[typ]
		if !ok {
			continue
		}
		title := strings.ToUpper(typ[:1]) + typ[1:]
		fmt.Fprintf(b, "<member><%[1]sName>%[2]s</%[1]sName><%[1]sId>%[3]s</%[1]sId></member>", title, xmlEscape(fmt.Sprint(it["EntityName"])), xmlEscape(fmt.Sprint(it["EntityId"])))
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<ListEntitiesForPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListEntitiesForPolicyResult>`+
		`<PolicyGroups>%s</PolicyGroups><PolicyUsers>%s</PolicyUsers><PolicyRoles>%s</PolicyRoles><IsTruncated>false</IsTruncated>`+
		`</ListEntitiesForPolicyResult><ResponseMetadata><RequestId>sim</RequestId></ResponseMetadata></ListEntitiesForPolicyResponse>`,
		members["group"], members["user"], members["role"])
}

func s3ControlOperation(r *http.Request) string {
	if strings.HasSuffix(r.URL.Path, "/configuration/publicAccessBlock") && r.Method == http.MethodGet {
		return "GetPublicAccessBlock"
	}
	return r.Method + " " + r.URL.Path
}

// serveS3Control answers the account-level Block Public Access read: the
// estate's global s3control account_settings item (absent: not configured).
func (s *Server) serveS3Control(w http.ResponseWriter, c *awsCall, data map[string][]estate.Item) {
	if c.op != "GetPublicAccessBlock" {
		s.awsFail(w, c, awsError{http.StatusForbidden, "AccessDenied", "aispm sim does not serve s3control:" + c.op})
		return
	}
	if id := c.r.Header.Get("X-Amz-Account-Id"); id != "" && id != c.account.ID {
		s.awsFail(w, c, awsError{http.StatusForbidden, "AccessDenied", "account " + id + " is not the caller's"})
		return
	}
	var pab map[string]any
	for _, it := range data["account_settings"] {
		pab, _ = it["PublicAccessBlock"].(map[string]any)
	}
	if pab == nil {
		s.awsFail(w, c, awsError{http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"})
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprintf(w, `<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">%s</PublicAccessBlockConfiguration>`, xmlFields(pab))
}
