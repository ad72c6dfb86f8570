// The product version is the workspace's: one number for the API, the SPA and the Docker image.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { version as workspaceVersion } from '../../../package.json';

export const version: string = workspaceVersion;
