// The journal tallies on PostgreSQL: a fresh database per test, dropped at the end.
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';
import { journalTalliesSuite } from './support/journal-tallies-suite.ts';

journalTalliesSuite('postgres', freshPostgresDatabases('tallies'));
