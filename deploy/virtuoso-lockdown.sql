-- kgraph: Virtuoso 7 as a public, read-only SPARQL endpoint that never fetches anything a query names.
-- Run once as the administrator, on a new or an existing database (it can be run again):
--     isql-vt 1111 dba PASSWORD deploy/virtuoso-lockdown.sql
-- tests/test_store_settings.py opens all of this up, checks that a query then makes Virtuoso connect out, runs this
-- file, and checks that the same queries are refused without any connection.

CREATE PROCEDURE kgraph_lockdown (IN statement VARCHAR)
{
  -- exec() keeps going where the privilege was never granted (Virtuoso calls revoking it an error)
  DECLARE state, message VARCHAR;
  exec (statement, state, message);
};

-- SERVICE: the anonymous SPARQL user may not use the federated-query view and procedure.
kgraph_lockdown ('REVOKE SELECT ON DB.DBA.SPARQL_SINV_2 FROM "SPARQL"');
kgraph_lockdown ('REVOKE EXECUTE ON DB.DBA.SPARQL_SINV_IMP FROM "SPARQL"');
-- Sponging: no fetching of FROM / GRAPH IRIs from the web (define get:soft …).
kgraph_lockdown ('REVOKE "SPARQL_SPONGE" FROM "SPARQL"');
-- Writing: SPARQL Update and the anonymous Graph Store endpoint stay refused.
kgraph_lockdown ('REVOKE "SPARQL_UPDATE" FROM "SPARQL"');

DROP PROCEDURE kgraph_lockdown;
