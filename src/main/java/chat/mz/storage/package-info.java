/**
 * What the homeserver's database and the client's history share: {@link chat.mz.storage.SchemaMigrations},
 * numbered SQL scripts applied in order with checksums. No feature code lives here.
 */
package chat.mz.storage;
