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

// ParseConnection reads the first connection block of an .spc file.
func ParseConnection(path string) (Connection, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return Connection{}, err
	}
	f, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return Connection{}, fmt.Errorf("%s: %s", path, diags.Error())
	}
	for _, b := range f.Body().Blocks() {
		if b.Type() == "connection" && len(b.Labels()) == 1 {
			b.Body().RemoveAttribute("plugin")
			return Connection{Name: b.Labels()[0], Config: string(b.Body().BuildTokens(nil).Bytes())}, nil
		}
	}
	return Connection{}, fmt.Errorf("%s: no connection \"name\" { ... } block", path)
}

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
		MaxCacheSizeMb: 64,
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
	cols := append([]string(nil), q.Columns...)
	if len(cols) == 0 {
		for _, c := range t.GetColumns() {
			cols = append(cols, c.GetName())
		}
	}
	want := map[string]bool{}
	for _, c := range cols {
		want[c] = true
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
	for k, v := range q.Where {
		quals[k] = &proto.Quals{Quals: []*proto.Qual{{
			FieldName: k,
			Operator:  &proto.Qual_StringValue{StringValue: "="},
			Value:     &proto.QualValue{Value: &proto.QualValue_StringValue{StringValue: v}},
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
	var limit *proto.NullableInt
	if q.Limit > 0 {
		limit = &proto.NullableInt{Value: q.Limit}
		qc.Limit = limit
	}
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
		if !matches(row, q.Where) || !holdsAll(row, q.Times) {
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
	}
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
