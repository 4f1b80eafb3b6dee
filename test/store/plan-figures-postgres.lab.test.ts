// The plan figures kept for the dashboard on PostgreSQL: a fresh database per test, dropped at the end.
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';
import { planFiguresSuite } from './support/plan-figures-suite.ts';

planFiguresSuite('postgres', freshPostgresDatabases('planfigures'));
