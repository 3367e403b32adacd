import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'completion [shell]',
  describe: 'Print a shell completion script (bash, zsh or fish)',
  flags: [],
  positional: { name: 'shell', describe: 'bash, zsh or fish' },
  examples: [
    ['source <(kubectl calico-migrate completion bash)', 'complete kubectl-calico_migrate in this bash session'],
    ['kubectl calico-migrate completion fish > ~/.config/fish/completions/kubectl-calico_migrate.fish', 'install for fish'],
    ['cp kubectl_complete-calico_migrate "${KREW_ROOT:-$HOME/.krew}/bin/"',
      'complete `kubectl calico-migrate …` too (kubectl >= 1.26; the helper ships in the release archive)'],
  ],
  options: (a, parsed) => ({ shell: a.shell as string | undefined, words: parsed.words, cli: parsed.cli }),
  // Lazy: the engine reads every verb's flags, and none of it is needed unless completing.
  run: async (options, ctx) => (await import('../../completion/verb.js')).completion(options, ctx),
});
