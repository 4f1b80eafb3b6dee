/** Which database engine a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';
