/** Rows of `UPDATE … RETURNING` come back from the pg driver (through TypeORM's query()) as [rows, count]. */
export const updatedRows = <T>(result: unknown): T[] =>
  (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
