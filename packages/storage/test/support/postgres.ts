/** The PostgreSQL server the storage tests use, and whether it answers. */
import pg from "pg";

export const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** Why the server at `url` cannot be used (its error message), or undefined when it answers. */
export async function reachability(url: string = databaseUrl): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}
