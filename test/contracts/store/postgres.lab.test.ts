// The store contract over PostgreSQL (the lab cluster from scripts/postgres-up.sh): fresh
// databases created for this file from RECLAIM_TEST_PG_URL, dropped at the end.
import { freshPostgresDatabases } from '../../support/fresh-postgres-database.ts';
import { storeContract } from './store-contract.ts';

storeContract({ name: 'postgres', freshUrl: freshPostgresDatabases('test') });
