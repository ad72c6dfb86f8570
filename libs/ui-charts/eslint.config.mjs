// The Angular lint rules live once, at the workspace root (eslint.angular.mjs).
export { default } from '../../eslint.angular.mjs';
