dashboard "blast_radius" {
  title = "AI Blast Radius"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  input "id" {
    title = "From"
    width = 6
    sql   = <<-EOQ
      select distinct from_name || ' (' || from_kind || ')' as label, from_id as value
      from aispm_relationship order by 1
    EOQ
  }

  # Everything reachable from the node, following every edge the way it
  # points (internet → what it exposes → what that serves, reads, runs as ...).
  graph {
    title     = "Reachable from the selected node"
    width     = 12
    direction = "LR"
    node {
      sql = <<-EOQ
        with recursive reach(id) as (
          select $1::text
          union
          select r.to_id from aispm_relationship r join reach on r.from_id = reach.id
        )
        select distinct on (n.id) n.id, n.name as title, n.kind as category
        from reach join (select from_id as id, from_name as name, from_kind as kind from aispm_relationship
                         union all select to_id, to_name, to_kind from aispm_relationship) n on n.id = reach.id
        order by n.id
      EOQ
      args = [self.input.id.value]
    }
    edge {
      sql = <<-EOQ
        with recursive reach(id) as (
          select $1::text
          union
          select r.to_id from aispm_relationship r join reach on r.from_id = reach.id
        )
        select distinct r.from_id, r.to_id, r.relation as title
        from aispm_relationship r join reach on r.from_id = reach.id
      EOQ
      args = [self.input.id.value]
    }
  }

  table {
    title = "Reachable nodes, by distance"
    width = 12
    sql   = <<-EOQ
      with recursive reach(id, depth, path) as (
        select $1::text, 0, array[$1::text]
        union all
        select r.to_id, reach.depth + 1, reach.path || r.to_id
        from aispm_relationship r join reach on r.from_id = reach.id
        where not r.to_id = any(reach.path) and reach.depth < 10
      ), nodes as (
        select distinct on (id) id, name, kind from (select from_id as id, from_name as name, from_kind as kind from aispm_relationship
          union all select to_id, to_name, to_kind from aispm_relationship) n order by id
      )
      select n.kind, n.name, min(reach.depth) as hops, n.id
      from reach join nodes n on n.id = reach.id
      where reach.depth > 0
      group by n.kind, n.name, n.id
      order by hops, n.kind, n.name
    EOQ
    args = [self.input.id.value]
  }
}
