/**
 * The homeserver's durable state: one H2 database (a file under the server's data folder, or memory
 * when it has none), its schema kept by numbered SQL migrations ({@link chat.mz.storage.SchemaMigrations}),
 * and the small store interfaces the features reach it through ({@link chat.mz.server.store.AccountStore}),
 * so that another database (PostgreSQL) can stand behind the same interfaces later. Every answer
 * built from the database leaves only once what it reports is in the file
 * ({@link chat.mz.server.store.DurableCommits}).
 */
package chat.mz.server.store;
