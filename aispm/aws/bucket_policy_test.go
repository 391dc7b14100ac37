package aws

import (
	"reflect"
	"strings"
	"testing"
)

func TestPolicyGrants(t *testing.T) {
	const doc = `{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Sid": "Vendor", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:role/vendor"]},
	     "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/support/*"},
	    {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*",
	     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}},
	    {"Sid": "Platform", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/platform"},
	     "NotAction": "s3:DeleteObject", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]},
	    {"Sid": "PlatformNoWrite", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/platform"},
	     "Action": "s3:putobject", "Resource": "arn:aws:s3:::b/*"},
	    {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/web/*"},
	    {"Sid": "OneFile", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/auditor"},
	     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/support/index.json"},
	    {"Sid": "Elsewhere", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/other"},
	     "Action": "s3:*", "Resource": "arn:aws:s3:::b/eval/*"},
	    {"Sid": "Everyone", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/x"}, "Principal": null,
	     "Action": "s3:*", "Resource": "*"},
	    {"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
	     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
	  ]
	}`
	got, err := PolicyGrants([]byte(doc), "s3://b/support/", "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	want := []PolicyGrant{
		{Principal: "arn:aws:iam::111122223333:role/platform", Read: true, Statements: []string{"Platform"}},
		{Principal: "arn:aws:iam::111122223333:root", Read: true, Statements: []string{"statement 2"}, Conditional: true},
		{Principal: "arn:aws:iam::111122223333:user/auditor", Read: true, Statements: []string{"OneFile"}},
		{Principal: "arn:aws:iam::444455556666:role/vendor", Write: true, Statements: []string{"Vendor"}, OtherAccount: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grants on s3://b/support/:\n got %+v\nwant %+v", got, want)
	}

	// One object outside the vendor's prefix: only the bucket-wide statements reach it.
	got, err = PolicyGrants([]byte(doc), "s3://b/fraud/train.csv", "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	var principals []string
	for _, g := range got {
		principals = append(principals, g.Principal)
	}
	if want := "arn:aws:iam::111122223333:role/platform arn:aws:iam::111122223333:root"; strings.Join(principals, " ") != want {
		t.Errorf("grants on one fraud object: %v, want %s", principals, want)
	}

	// A single statement object (not a list) is a valid policy.
	got, err = PolicyGrants([]byte(`{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/r"}, "Action": "*", "Resource": "*"}}`), "s3://b", "1")
	if err != nil || len(got) != 1 || !got[0].Read || !got[0].Write {
		t.Errorf("single statement: %+v, %v", got, err)
	}
}

func TestPolicyGrantsRejectsMalformedPolicy(t *testing.T) {
	for _, doc := range []string{`{"Statement": 7}`, `not json`, `{"Statement": [{"Principal": {"AWS": 5}}]}`} {
		if _, err := PolicyGrants([]byte(doc), "s3://b/x/", "1"); err == nil || !strings.Contains(err.Error(), "bucket policy of s3://b/x/") {
			t.Errorf("%s: error %v, want one naming the bucket policy", doc, err)
		}
	}
}
