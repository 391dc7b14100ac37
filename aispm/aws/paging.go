package aws

import (
	"context"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/errgroup"
)

// The largest page each API allows: fewer calls, each a little bigger.
var (
	sageMakerPage = aws.Int32(100)  // SageMaker List*: MaxResults 1-100
	bedrockPage   = aws.Int32(1000) // Bedrock and Bedrock Agents List*: maxResults 1-1000
)

// pages hands every item of every page of an SDK paginator (its HasMorePages
// and NextPage methods) to fn until fn returns false.
func pages[Out, Opt, Item any](ctx context.Context, more func() bool, next func(context.Context, ...func(*Opt)) (Out, error),
	items func(Out) []Item, fn func(Item) bool) error {
	for more() {
		page, err := next(ctx)
		if err != nil {
			return err
		}
		for _, it := range items(page) {
			if !fn(it) {
				return nil
			}
		}
	}
	return nil
}

// Base is what every AWS row carries from its list call; Detailed marks a row
// whose Describe/Get detail has been fetched.
type Base struct {
	cloud.Meta
	Arn          string     `json:"arn"`
	CreationTime *time.Time `json:"creation_time,omitempty"`
	Detailed     bool       `json:"-"`
}

func base(name, arn string, created *time.Time) Base {
	m := cloud.Meta{Name: name, Tags: map[string]string{}}
	if arn != "" {
		m.Akas = []string{arn}
	}
	return Base{Meta: m, Arn: arn, CreationTime: created}
}

// missing reports whether err means the named resource does not exist
// (SageMaker says so with ValidationException, others with ResourceNotFound).
func missing(err error) bool {
	c := cloud.Classify(err)
	return c == cloud.ClassNotFound || c == cloud.ClassInvalid
}

// getOrList streams the one resource a name qual names (a Describe/Get call,
// nothing when it does not exist) or, without a name, pages the list.
func getOrList[T any](ctx context.Context, name string, named func(string) T, get func(context.Context, T) error, list func() error, emit func(T) bool) error {
	if name == "" {
		return list()
	}
	r := named(name)
	if err := get(ctx, r); err != nil {
		if missing(err) {
			return nil
		}
		return err
	}
	emit(r)
	return nil
}

// detailWithTags runs a row's Describe call and its tag listing (at once when
// the ARN is known from the list; after the Describe for a row fetched by name).
func detailWithTags(ctx context.Context, b *Base, describe func(context.Context) error, tags func(ctx context.Context, arn string) (map[string]string, error)) error {
	if b.Detailed {
		return nil
	}
	var t map[string]string
	if tags != nil && b.Arn != "" {
		var g errgroup.Group
		arn := b.Arn
		g.Go(func() error { return describe(ctx) })
		g.Go(func() (err error) {
			t, err = tags(ctx, arn)
			return err
		})
		if err := g.Wait(); err != nil {
			return err
		}
	} else {
		if err := describe(ctx); err != nil {
			return err
		}
		if tags != nil && b.Arn != "" {
			var err error
			if t, err = tags(ctx, b.Arn); err != nil {
				return err
			}
		}
	}
	if t != nil {
		b.Tags = t
	}
	if b.Arn != "" {
		b.Akas = []string{b.Arn}
	}
	b.Detailed = true
	return nil
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// decodeScript decodes a base64 lifecycle script; undecodable content is
// returned as is, marked.
func decodeScript(content string) string {
	b, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return "<not base64: " + err.Error() + ">"
	}
	return string(b)
}
