// Package runner executes aispm tables the way Steampipe does: through the
// SDK's own plugin server, either in this process or in the built plugin
// binary launched over hashicorp/go-plugin with the SDK's handshake.
package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aispm/aispm/aispm"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/turbot/steampipe-plugin-sdk/v5/anywhere"
	sdkgrpc "github.com/turbot/steampipe-plugin-sdk/v5/grpc"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/shared"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// pluginName is the name the plugin serves itself under.
const pluginName = "steampipe-plugin-aispm"

// backend is what both ways of hosting the plugin offer.
type backend interface {
	SetAllConnectionConfigs(*proto.SetAllConnectionConfigsRequest) (*proto.SetConnectionConfigResponse, error)
	GetSchema(*proto.GetSchemaRequest) (*proto.GetSchemaResponse, error)
	execute(ctx context.Context, req *proto.ExecuteRequest) (func() (*proto.ExecuteResponse, error), error)
	close()
}

// Runner holds one configured connection of a hosted plugin.
type Runner struct {
	b          backend
	connection string
	schema     *proto.Schema
}

// Connection is a parsed `connection "name" { ... }` block.
type Connection struct {
	Name   string
	Config string // the block body without the plugin attribute, as Steampipe passes it
}

// ParseConnection reads the connection block of an .spc file and checks it
// as the plugin will, naming the attribute and the line of every problem:
// HCL syntax, a value of the wrong type, an invalid setting, or more than one
// connection block (the CLI reads one connection per file).
func ParseConnection(path string) (Connection, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return Connection{}, err
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return Connection{}, diagError(diags, nil)
	}
	var block *hclsyntax.Block
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "connection" {
			continue
		}
		if len(b.Labels) != 1 {
			return Connection{}, fmt.Errorf("%s: a connection block takes one name: connection \"aispm\" { ... }", at(b.DefRange()))
		}
		if block != nil {
			return Connection{}, fmt.Errorf("%s: a second connection block (%q after %q): put one connection per file", at(b.DefRange()), b.Labels[0], block.Labels[0])
		}
		block = b
	}
	if block == nil {
		return Connection{}, fmt.Errorf("%s: no connection \"name\" { ... } block", path)
	}
	if err := checkConfig(block.Body); err != nil {
		return Connection{}, err
	}
	w, _ := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	for _, b := range w.Body().Blocks() {
		if b.Type() == "connection" {
			b.Body().RemoveAttribute("plugin")
			return Connection{Name: block.Labels[0], Config: string(b.Body().BuildTokens(nil).Bytes())}, nil
		}
	}
	return Connection{}, fmt.Errorf("%s: no connection block", path)
}

// checkConfig decodes a connection body into the plugin's Config and
// validates it, with file positions.
func checkConfig(body *hclsyntax.Body) error {
	attrs := hclsyntax.Attributes{}
	for name, a := range body.Attributes {
		if name != "plugin" {
			attrs[name] = a
		}
	}
	trimmed := &hclsyntax.Body{Attributes: attrs, Blocks: body.Blocks, SrcRange: body.SrcRange, EndRange: body.EndRange}
	var cfg aispm.Config
	if diags := gohcl.DecodeBody(trimmed, nil, &cfg); diags.HasErrors() {
		return diagError(diags, body.Attributes)
	}
	if _, err := cfg.Validate(); err != nil {
		var msgs []string
		for _, e := range unjoin(err) {
			attr := ""
			var ce *aispm.ConfigError
			if errors.As(e, &ce) {
				attr = ce.Attribute
			} else if name, _, ok := strings.Cut(e.Error(), ":"); ok {
				attr = name // errors from the clouds' settings name their attribute first
			}
			if a, ok := body.Attributes[attr]; ok {
				msgs = append(msgs, fmt.Sprintf("%s (%s)", e.Error(), at(a.SrcRange)))
				continue
			}
			msgs = append(msgs, e.Error())
		}
		return &ConfigFileError{msg: strings.Join(msgs, "; ")}
	}
	return nil
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// diagError turns HCL diagnostics into one error, each naming its attribute
// (where it has one) and its file and line.
func diagError(diags hcl.Diagnostics, attrs hclsyntax.Attributes) error {
	var msgs []string
	for _, d := range diags.Errs() {
		var hd *hcl.Diagnostic
		if !errors.As(d, &hd) {
			msgs = append(msgs, d.Error())
			continue
		}
		what := hd.Summary
		if hd.Detail != "" {
			what = hd.Detail
		}
		what = strings.TrimSuffix(what, ".")
		if hd.Subject == nil {
			msgs = append(msgs, what)
			continue
		}
		for name, a := range attrs {
			if a.SrcRange.Overlaps(*hd.Subject) {
				what = name + ": " + typeHint(what)
				break
			}
		}
		msgs = append(msgs, fmt.Sprintf("%s (%s)", what, at(*hd.Subject)))
	}
	return &ConfigFileError{msg: strings.Join(msgs, "; ")}
}

// ConfigFileError is a connection file that is not valid.
type ConfigFileError struct{ msg string }

func (e *ConfigFileError) Error() string { return e.msg }

// typeHint rewrites HCL's type complaints in the words of the docs.
func typeHint(what string) string {
	switch {
	case strings.Contains(what, "list of string required"):
		return "a list of strings is required"
	case strings.Contains(what, "string required"):
		return "a string is required"
	case strings.Contains(what, "number required"), strings.Contains(what, "a number is required"):
		return "a number is required"
	case strings.Contains(what, "bool required"):
		return "true or false is required"
	}
	return what
}

func at(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// InProcess hosts the plugin in this process through plugin.Server.
func InProcess(c Connection) (*Runner, error) {
	srv := plugin.Server(&plugin.ServeOpts{PluginFunc: aispm.Plugin})
	return start(&local{srv}, c)
}

// Binary launches the built plugin binary over go-plugin, as Steampipe does.
func Binary(path string, c Connection, logs io.Writer) (*Runner, error) {
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig:  shared.Handshake,
		Plugins:          map[string]goplugin.Plugin{pluginName: &shared.WrapperPlugin{}},
		Cmd:              exec.Command(path),
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Stderr:           logs,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "go-plugin", Output: logs, Level: hclog.Warn}),
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	raw, err := rpc.Dispense(pluginName)
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("dispensing %s: %w", pluginName, err)
	}
	return start(&remote{client: client, c: raw.(*shared.GRPCClient)}, c)
}

func start(b backend, c Connection) (*Runner, error) {
	res, err := b.SetAllConnectionConfigs(&proto.SetAllConnectionConfigsRequest{
		Configs: []*proto.ConnectionConfig{{
			Connection: c.Name, Plugin: "local/aispm", PluginShortName: "aispm", PluginInstance: "aispm", Config: c.Config,
		}},
		// Every query is sent with the SDK's query cache off (CacheEnabled:
		// false): aispm export reads each table once, and listings shared
		// across a snapshot's tables live in aispm's own memo. The SDK
		// allocates its cache up front at this size (64 MB took 100 MB of
		// heap before a row was read), so it gets the smallest.
		MaxCacheSizeMb: 1,
	})
	if err == nil && len(res.GetFailedConnections()) > 0 {
		err = fmt.Errorf("connection %s: %s", c.Name, res.GetFailedConnections()[c.Name])
	}
	if err != nil {
		b.close()
		return nil, err
	}
	schema, err := b.GetSchema(&proto.GetSchemaRequest{Connection: c.Name})
	if err != nil {
		b.close()
		return nil, err
	}
	return &Runner{b: b, connection: c.Name, schema: schema.GetSchema()}, nil
}

// Close stops the plugin.
func (r *Runner) Close() { r.b.close() }

// Tables lists the table names, sorted.
func (r *Runner) Tables() []string {
	var out []string
	for name := range r.schema.GetSchema() {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Table returns a table's schema.
func (r *Runner) Table(name string) (*proto.TableSchema, error) {
	t, ok := r.schema.GetSchema()[name]
	if !ok {
		return nil, fmt.Errorf("no table %q (tables: %s)", name, strings.Join(r.Tables(), ", "))
	}
	return t, nil
}

// Query is one table scan with equality quals pushed to the plugin, as the FDW sends them.
type Query struct {
	Table   string
	Columns []string          // empty: every column
	Where   map[string]string // column = value
	Times   []TimeQual        // timestamp column comparisons
	Limit   int64             // 0: none
}

// TimeQual compares a timestamp column: column Op At, Op one of > >= < <= =.
type TimeQual struct {
	Column string
	Op     string
	At     time.Time
}

// holds reports whether a row's value satisfies the comparison, as Postgres
// would recheck it.
func (q TimeQual) holds(row Row) bool {
	t, ok := row[q.Column].(time.Time)
	if !ok {
		return false
	}
	switch q.Op {
	case ">":
		return t.After(q.At)
	case ">=":
		return !t.Before(q.At)
	case "<":
		return t.Before(q.At)
	case "<=":
		return !t.After(q.At)
	}
	return t.Equal(q.At)
}

// Row is a result row: column name to Go value (string, int64, float64, bool,
// time.Time, decoded JSON, or nil).
type Row map[string]any

var callCounter atomic.Int64

// Stream runs a query and hands each row to fn.
func (r *Runner) Stream(ctx context.Context, q Query, fn func(Row) error) error {
	t, err := r.Table(q.Table)
	if err != nil {
		return err
	}
	types := map[string]proto.ColumnType{}
	for _, c := range t.GetColumns() {
		types[c.GetName()] = c.GetType()
	}
	cols := append([]string(nil), q.Columns...)
	if len(cols) == 0 {
		for _, c := range t.GetColumns() {
			cols = append(cols, c.GetName())
		}
	}
	want := map[string]bool{}
	for _, c := range cols {
		if _, ok := types[c]; !ok {
			return &ColumnError{Table: q.Table, Column: c}
		}
		want[c] = true
	}
	where := make(map[string]string, len(q.Where))
	typed := make(map[string]*proto.QualValue, len(q.Where))
	for k, v := range q.Where {
		ct, ok := types[k]
		if !ok {
			return &ColumnError{Table: q.Table, Column: k}
		}
		qv, canonical, err := qualValue(ct, v)
		if err != nil {
			return &ValueError{Table: q.Table, Column: k, Value: v, Type: ct, Err: err}
		}
		where[k], typed[k] = canonical, qv
	}
	for _, tq := range q.Times {
		if ct, ok := types[tq.Column]; !ok || ct != proto.ColumnType_TIMESTAMP {
			if !ok {
				return &ColumnError{Table: q.Table, Column: tq.Column}
			}
			return &ValueError{Table: q.Table, Column: tq.Column, Value: tq.At.String(), Type: ct, Err: errors.New("not a timestamp column")}
		}
	}
	for k := range q.Where {
		if !want[k] {
			cols = append(cols, k) // fetched for the recheck, not returned
		}
	}
	for _, tq := range q.Times {
		if !want[tq.Column] {
			cols = append(cols, tq.Column)
		}
	}
	quals := map[string]*proto.Quals{}
	for k, v := range typed {
		quals[k] = &proto.Quals{Quals: []*proto.Qual{{
			FieldName: k,
			Operator:  &proto.Qual_StringValue{StringValue: "="},
			Value:     v,
		}}}
	}
	for _, tq := range q.Times {
		if quals[tq.Column] == nil {
			quals[tq.Column] = &proto.Quals{}
		}
		quals[tq.Column].Quals = append(quals[tq.Column].Quals, &proto.Qual{
			FieldName: tq.Column,
			Operator:  &proto.Qual_StringValue{StringValue: tq.Op},
			Value:     &proto.QualValue{Value: &proto.QualValue_TimestampValue{TimestampValue: timestamppb.New(tq.At)}},
		})
	}
	qc := &proto.QueryContext{Columns: cols, Quals: quals}
	// The plugin applies a limit before Postgres rechecks the quals, so a
	// limit is pushed down only when there is nothing to recheck; otherwise
	// it is applied here, after every filter, as Postgres would.
	var limit *proto.NullableInt
	if q.Limit > 0 && len(quals) == 0 {
		limit = &proto.NullableInt{Value: q.Limit}
		qc.Limit = limit
	}
	var emitted int64
	req := &proto.ExecuteRequest{
		Table:        q.Table,
		QueryContext: qc,
		Connection:   r.connection,
		CallId:       sdkgrpc.BuildCallId() + fmt.Sprint(callCounter.Add(1)),
		ExecuteConnectionData: map[string]*proto.ExecuteConnectionData{
			r.connection: {Limit: limit, CacheEnabled: false},
		},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	recv, err := r.b.execute(ctx, req)
	if err != nil {
		return err
	}
	for {
		res, err := recv()
		if errors.Is(err, io.EOF) || (err == nil && res == nil) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", q.Table, err)
		}
		if res.GetRow() == nil {
			continue
		}
		row, err := decodeRow(res.GetRow())
		if err != nil {
			return fmt.Errorf("%s: %w", q.Table, err)
		}
		if !matches(row, where) || !holdsAll(row, q.Times) {
			continue // Postgres rechecks every qual; the plugin filters only key columns
		}
		for k := range row {
			if !want[k] {
				delete(row, k) // the SDK returns every list column; keep what was asked for
			}
		}
		if err := fn(row); err != nil {
			return err
		}
		if emitted++; q.Limit > 0 && emitted >= q.Limit {
			return nil
		}
	}
}

// ColumnError is a column the table does not have.
type ColumnError struct{ Table, Column string }

func (e *ColumnError) Error() string {
	return fmt.Sprintf("table %s has no column %q", e.Table, e.Column)
}

// ValueError is a filter value that does not parse as its column's type.
type ValueError struct {
	Table, Column, Value string
	Type                 proto.ColumnType
	Err                  error
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("%s.%s is %s: %q is not a valid value (%v)", e.Table, e.Column, strings.ToLower(e.Type.String()), e.Value, e.Err)
}

func (e *ValueError) Unwrap() error { return e.Err }

// qualValue parses a filter value as its column's type, as Postgres casts a
// literal compared to a column, and returns the typed qual value and the text
// form rows are compared in.
func qualValue(t proto.ColumnType, v string) (*proto.QualValue, string, error) {
	switch t {
	case proto.ColumnType_BOOL:
		b, err := parseBool(v)
		if err != nil {
			return nil, "", err
		}
		return &proto.QualValue{Value: &proto.QualValue_BoolValue{BoolValue: b}}, strconv.FormatBool(b), nil
	case proto.ColumnType_INT:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return nil, "", errors.New("not an integer")
		}
		return &proto.QualValue{Value: &proto.QualValue_Int64Value{Int64Value: n}}, strconv.FormatInt(n, 10), nil
	case proto.ColumnType_DOUBLE:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, "", errors.New("not a number")
		}
		return &proto.QualValue{Value: &proto.QualValue_DoubleValue{DoubleValue: f}}, strconv.FormatFloat(f, 'g', -1, 64), nil
	case proto.ColumnType_TIMESTAMP:
		at, err := parseTime(v)
		if err != nil {
			return nil, "", err
		}
		return &proto.QualValue{Value: &proto.QualValue_TimestampValue{TimestampValue: timestamppb.New(at)}}, at.UTC().Format(time.RFC3339), nil
	case proto.ColumnType_JSON:
		var x any
		if err := json.Unmarshal([]byte(v), &x); err != nil {
			return nil, "", errors.New("not JSON")
		}
		b, _ := json.Marshal(x)
		return &proto.QualValue{Value: &proto.QualValue_JsonbValue{JsonbValue: string(b)}}, string(b), nil
	}
	return &proto.QualValue{Value: &proto.QualValue_StringValue{StringValue: v}}, v, nil
}

// parseBool accepts what Postgres accepts for a boolean literal.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "t", "true", "y", "yes", "on", "1":
		return true, nil
	case "f", "false", "n", "no", "off", "0":
		return false, nil
	}
	return false, errors.New("not a boolean (true/false, t/f, yes/no, on/off, 1/0)")
}

// parseTime accepts RFC 3339 timestamps and dates.
func parseTime(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if at, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return at, nil
		}
	}
	return time.Time{}, errors.New("not a timestamp (RFC 3339 or YYYY-MM-DD)")
}

// Rows runs a query and collects its rows.
func (r *Runner) Rows(ctx context.Context, q Query) ([]Row, error) {
	var out []Row
	err := r.Stream(ctx, q, func(row Row) error { out = append(out, row); return nil })
	return out, err
}

func holdsAll(row Row, times []TimeQual) bool {
	for _, tq := range times {
		if !tq.holds(row) {
			return false
		}
	}
	return true
}

// matches reports whether a row satisfies every equality qual, comparing the
// value's text form as Postgres compares a column to a text literal.
func matches(row Row, where map[string]string) bool {
	for k, want := range where {
		v, ok := row[k]
		if !ok || v == nil || Text(v) != want {
			return false
		}
	}
	return true
}

// Text renders a column value the way psql prints it (JSON compactly).
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func decodeRow(row *proto.Row) (Row, error) {
	out := Row{}
	for name, c := range row.GetColumns() {
		switch v := c.GetValue().(type) {
		case *proto.Column_NullValue, nil:
			out[name] = nil
		case *proto.Column_StringValue:
			out[name] = v.StringValue
		case *proto.Column_IntValue:
			out[name] = v.IntValue
		case *proto.Column_DoubleValue:
			out[name] = v.DoubleValue
		case *proto.Column_BoolValue:
			out[name] = v.BoolValue
		case *proto.Column_TimestampValue:
			out[name] = v.TimestampValue.AsTime()
		case *proto.Column_JsonValue:
			var j any
			if err := json.Unmarshal(v.JsonValue, &j); err != nil {
				return nil, fmt.Errorf("column %s: invalid JSON: %w", name, err)
			}
			out[name] = j
		case *proto.Column_IpAddrValue:
			out[name] = v.IpAddrValue
		case *proto.Column_CidrRangeValue:
			out[name] = v.CidrRangeValue
		case *proto.Column_LtreeValue:
			out[name] = v.LtreeValue
		default:
			return nil, fmt.Errorf("column %s: unsupported value %T", name, v)
		}
	}
	return out, nil
}

type local struct{ s *sdkgrpc.PluginServer }

func (l *local) SetAllConnectionConfigs(r *proto.SetAllConnectionConfigsRequest) (*proto.SetConnectionConfigResponse, error) {
	return l.s.SetAllConnectionConfigs(r)
}
func (l *local) GetSchema(r *proto.GetSchemaRequest) (*proto.GetSchemaResponse, error) {
	return l.s.GetSchema(r)
}
func (l *local) execute(ctx context.Context, req *proto.ExecuteRequest) (func() (*proto.ExecuteResponse, error), error) {
	stream := anywhere.NewLocalPluginStream(ctx)
	l.s.CallExecuteAsync(req, stream)
	return stream.Recv, nil
}
func (l *local) close() { _ = aispm.Shutdown() }

type remote struct {
	client *goplugin.Client
	c      *shared.GRPCClient
}

func (r *remote) SetAllConnectionConfigs(req *proto.SetAllConnectionConfigsRequest) (*proto.SetConnectionConfigResponse, error) {
	return r.c.SetAllConnectionConfigs(req)
}
func (r *remote) GetSchema(req *proto.GetSchemaRequest) (*proto.GetSchemaResponse, error) {
	return r.c.GetSchema(req)
}
func (r *remote) execute(ctx context.Context, req *proto.ExecuteRequest) (func() (*proto.ExecuteResponse, error), error) {
	stream, _, cancel, err := r.c.Execute(req)
	if err != nil {
		return nil, err
	}
	go func() { <-ctx.Done(); cancel() }()
	return stream.Recv, nil
}
func (r *remote) close() { r.client.Kill() }
