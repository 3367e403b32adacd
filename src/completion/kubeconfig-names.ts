// Context, cluster and user names for completion, from the kubeconfig files kubectl would read (--kubeconfig, else the
// KUBECONFIG list, else ~/.kube/config). Lenient: an unreadable or invalid file offers nothing rather than an error.
import { kubeconfigSources, loadFiles } from '../kube/kubeconfig-files.js';
import type { NameKind, NameSource } from './complete.js';

export function kubeconfigNames(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): NameSource {
  return (kind: NameKind, kubeconfig: string | undefined): string[] => {
    try {
      const merged = loadFiles(kubeconfigSources(kubeconfig, env, platform).paths, false, platform, true);
      return [...merged[kind].keys()];
    } catch {
      return [];
    }
  };
}
