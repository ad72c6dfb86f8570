// Every TypeORM entity of the application. Each module owns its entities; this list only wires them into the data source.
export const entities: Array<new (...args: never[]) => unknown> = [];
