// Framework-free domain rules that the API and the SPA must agree on.
export * from './slug-rules';
export * from './password-rules';
