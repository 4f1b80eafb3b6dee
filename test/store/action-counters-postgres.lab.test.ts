// The action counters on PostgreSQL: a fresh database per test, dropped at the end.
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';
import { actionCountersSuite } from './support/action-counters-suite.ts';

actionCountersSuite('postgres', freshPostgresDatabases('counters'));
