package export

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

// PgType is the PostgreSQL type Steampipe gives a column of type t.
func PgType(t proto.ColumnType) string {
	switch t {
	case proto.ColumnType_BOOL:
		return "boolean"
	case proto.ColumnType_INT:
		return "bigint"
	case proto.ColumnType_DOUBLE:
		return "double precision"
	case proto.ColumnType_JSON:
		return "jsonb"
	case proto.ColumnType_TIMESTAMP, proto.ColumnType_DATETIME:
		return "timestamp with time zone"
	case proto.ColumnType_IPADDR, proto.ColumnType_INET:
		return "inet"
	case proto.ColumnType_CIDR:
		return "cidr"
	}
	return "text" // STRING, and LTREE without the extension
}

// Postgres loads a snapshot into a schema: tables are COPYed into
// "<schema>__staging" and, once every table is in, the old schema is dropped
// and the staging schema renamed in one transaction. An advisory lock on the
// schema name serializes exports to the same schema.
type Postgres struct {
	URL    string
	Schema string

	pool       *pgxpool.Pool
	lock       *pgxpool.Conn
	tables     []string
	replaceAll bool
}

func (p *Postgres) staging() string { return p.Schema + "__staging" }

func ident(parts ...string) string { return pgx.Identifier(parts).Sanitize() }

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Connect checks the URL and the database before anything is exported.
func (p *Postgres) Connect(ctx context.Context) error {
	cfg, err := pgxpool.ParseConfig(p.URL)
	if err != nil {
		return fmt.Errorf("--to: not a valid PostgreSQL URL: %w", err)
	}
	if p.Schema == "" || len(p.staging()) > 63 {
		return fmt.Errorf("--schema: %q must be 1 to 54 characters", p.Schema)
	}
	cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return fmt.Errorf("cannot connect to PostgreSQL at %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	p.pool = pool
	return nil
}

// Begin takes the schema's lock, clears a staging schema left by an export
// that was killed, and creates the tables.
func (p *Postgres) Begin(ctx context.Context, tables []Table, replaceAll bool) error {
	p.replaceAll, p.tables = replaceAll, nil
	for _, t := range tables {
		p.tables = append(p.tables, t.Name)
	}
	if p.pool == nil {
		if err := p.Connect(ctx); err != nil {
			return err
		}
	}
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "select pg_advisory_lock(hashtext($1))", "aispm export "+p.Schema); err != nil {
		conn.Release()
		return fmt.Errorf("locking schema %s: %w", p.Schema, err)
	}
	p.lock = conn
	var ddl strings.Builder
	fmt.Fprintf(&ddl, "drop schema if exists %s cascade;\ncreate schema %s;\n", ident(p.staging()), ident(p.staging()))
	for _, t := range tables {
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = ident(c.Name) + " " + PgType(c.Type)
		}
		fmt.Fprintf(&ddl, "create table %s (%s);\n", ident(p.staging(), t.Name), strings.Join(cols, ", "))
		fmt.Fprintf(&ddl, "comment on table %s is %s;\n", ident(p.staging(), t.Name), literal(t.Description))
		for _, c := range t.Columns {
			if c.Description != "" {
				fmt.Fprintf(&ddl, "comment on column %s is %s;\n", ident(p.staging(), t.Name, c.Name), literal(c.Description))
			}
		}
	}
	if _, err := conn.Exec(ctx, ddl.String()); err != nil {
		return fmt.Errorf("creating staging schema %s: %w", p.staging(), err)
	}
	return nil
}

// Write COPYs one table into the staging schema.
func (p *Postgres) Write(ctx context.Context, t Table, rows func(yield func([]any) error) error) (int64, error) {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	src := make(chan []any, 256)
	errc := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(src)
		errc <- rows(func(vals []any) error {
			for i, c := range t.Columns {
				v, err := pgValue(c.Type, vals[i])
				if err != nil {
					return fmt.Errorf("column %s: %w", c.Name, err)
				}
				vals[i] = v
			}
			select {
			case src <- vals:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var next []any
	n, copyErr := p.pool.CopyFrom(ctx, pgx.Identifier{p.staging(), t.Name}, names, pgx.CopyFromFunc(func() ([]any, error) {
		var ok bool
		next, ok = <-src
		if !ok {
			return nil, nil
		}
		return next, nil
	}))
	cancel()
	for range src {
		// drain so the producer can finish
	}
	if err := <-errc; err != nil && copyErr == nil {
		return n, err
	}
	return n, copyErr
}

// pgValue converts a decoded column value for COPY.
func pgValue(t proto.ColumnType, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch t {
	case proto.ColumnType_JSON:
		return json.Marshal(v) // raw JSON text for jsonb
	case proto.ColumnType_IPADDR, proto.ColumnType_INET, proto.ColumnType_CIDR:
		s, _ := v.(string)
		if pfx, err := netip.ParsePrefix(s); err == nil {
			return pfx, nil
		}
		addr, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or network", s)
		}
		return netip.PrefixFrom(addr, addr.BitLen()), nil
	}
	return v, nil
}

// Commit swaps the staging schema in for the previous snapshot, in one
// transaction. A partial export moves only its tables into the snapshot and
// keeps the others.
func (p *Postgres) Commit(ctx context.Context) error {
	defer p.release()
	tx, err := p.lock.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // no-op after commit
	when := literal("aispm snapshot exported at " + time.Now().UTC().Format(time.RFC3339))
	stmt := fmt.Sprintf("drop schema if exists %s cascade; alter schema %s rename to %s; comment on schema %s is %s",
		ident(p.Schema), ident(p.staging()), ident(p.Schema), ident(p.Schema), when)
	if !p.replaceAll {
		var b strings.Builder
		fmt.Fprintf(&b, "create schema if not exists %s;\n", ident(p.Schema))
		for _, t := range p.tables {
			fmt.Fprintf(&b, "drop table if exists %s cascade;\nalter table %s set schema %s;\n", ident(p.Schema, t), ident(p.staging(), t), ident(p.Schema))
		}
		fmt.Fprintf(&b, "drop schema %s cascade;\ncomment on schema %s is %s", ident(p.staging()), ident(p.Schema),
			literal("aispm snapshot; tables "+strings.Join(p.tables, ", ")+" exported at "+time.Now().UTC().Format(time.RFC3339)))
		stmt = b.String()
	}
	if _, err := tx.Exec(ctx, stmt); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Abort drops the staging schema; the previous snapshot was never touched.
func (p *Postgres) Abort() error {
	defer p.release()
	if p.lock == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := p.lock.Exec(ctx, "drop schema if exists "+ident(p.staging())+" cascade")
	return err
}

func (p *Postgres) release() {
	if p.lock != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, _ = p.lock.Exec(ctx, "select pg_advisory_unlock(hashtext($1))", "aispm export "+p.Schema)
		cancel()
		p.lock.Release()
		p.lock = nil
	}
}

// Close closes the connection pool.
func (p *Postgres) Close() {
	p.release()
	if p.pool != nil {
		p.pool.Close()
	}
}
