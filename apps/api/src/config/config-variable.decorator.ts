import 'reflect-metadata';

export interface ConfigVariableMeta {
  name: string;
  description: string;
  default: string;
  sensitive: boolean;
}

const KEY = Symbol('soundlink:config-variables');

/** Documents one environment variable; `.env.example` and the README table are generated from these. */
export function ConfigVariable(meta: { description: string; default: string; sensitive?: boolean }) {
  return (target: object, property: string) => {
    const list: ConfigVariableMeta[] = Reflect.getMetadata(KEY, target.constructor) ?? [];
    Reflect.defineMetadata(
      KEY,
      [
        ...list,
        { name: property, description: meta.description, default: meta.default, sensitive: !!meta.sensitive },
      ],
      target.constructor,
    );
  };
}

export function describeVariables(type: abstract new (...args: never[]) => unknown): ConfigVariableMeta[] {
  return Reflect.getMetadata(KEY, type) ?? [];
}
