// The one place the heavy @kubernetes/client-node is imported, statically and by name, so the bundler keeps only what is
// used; callers load this module lazily (await import) when a credential needs it.
export { KubeConfig } from '@kubernetes/client-node';
