package export

import (
	"net/netip"
	"testing"
	"time"

	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

func TestPgTypeIsSteampipes(t *testing.T) {
	for typ, want := range map[proto.ColumnType]string{
		proto.ColumnType_STRING:    "text",
		proto.ColumnType_BOOL:      "boolean",
		proto.ColumnType_INT:       "bigint",
		proto.ColumnType_DOUBLE:    "double precision",
		proto.ColumnType_JSON:      "jsonb",
		proto.ColumnType_TIMESTAMP: "timestamp with time zone",
		proto.ColumnType_DATETIME:  "timestamp with time zone",
		proto.ColumnType_IPADDR:    "inet",
		proto.ColumnType_INET:      "inet",
		proto.ColumnType_CIDR:      "cidr",
		proto.ColumnType_LTREE:     "text",
	} {
		if got := PgType(typ); got != want {
			t.Errorf("PgType(%v) = %s, want %s", typ, got, want)
		}
	}
}

func TestPgValue(t *testing.T) {
	now := time.Now()
	cases := []struct {
		typ  proto.ColumnType
		in   any
		want any
	}{
		{proto.ColumnType_STRING, "x", "x"},
		{proto.ColumnType_STRING, nil, nil},
		{proto.ColumnType_TIMESTAMP, now, now},
		{proto.ColumnType_INET, "10.0.0.1", netip.MustParsePrefix("10.0.0.1/32")},
		{proto.ColumnType_CIDR, "10.0.0.0/8", netip.MustParsePrefix("10.0.0.0/8")},
	}
	for _, c := range cases {
		got, err := pgValue(c.typ, c.in)
		if err != nil || got != c.want {
			t.Errorf("pgValue(%v, %v) = %v, %v", c.typ, c.in, got, err)
		}
	}
	j, err := pgValue(proto.ColumnType_JSON, map[string]any{"a": "b"})
	if err != nil || string(j.([]byte)) != `{"a":"b"}` {
		t.Errorf("JSON value %s, %v", j, err)
	}
	s, _ := pgValue(proto.ColumnType_JSON, "a string")
	if string(s.([]byte)) != `"a string"` {
		t.Errorf("a JSON string scalar must stay quoted, got %s", s)
	}
	if _, err := pgValue(proto.ColumnType_INET, "not-an-ip"); err == nil {
		t.Error("a malformed address was accepted")
	}
}
