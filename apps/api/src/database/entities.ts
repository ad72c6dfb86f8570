import { AuditLogEntity } from '../modules/audit/audit-log.entity';
import { ApiKeyEntity } from '../modules/auth/api-key.entity';
import { OwnerEntity } from '../modules/auth/owner.entity';
import { SessionEntity } from '../modules/auth/session.entity';

// Every TypeORM entity of the application. Each module owns its entities; this list only wires them into the data source.
export const entities: Array<new (...args: never[]) => unknown> = [
  OwnerEntity,
  SessionEntity,
  ApiKeyEntity,
  AuditLogEntity,
];
