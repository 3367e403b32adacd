// `completion fish`: completes kubectl-calico_migrate typed directly, with descriptions, through the shared engine.
import { BINARY, COMPLETE_ENTRY } from '../shells.js';

export const fishScript = (): string => `# fish completion for ${BINARY}
# Load it now:      ${BINARY} completion fish | source
# or for good:      ${BINARY} completion fish > ~/.config/fish/completions/${BINARY}.fish
# (\`kubectl calico-migrate <TAB>\` is completed by kubectl itself once kubectl_complete-calico_migrate is on PATH.)
function __kubectl_calico_migrate_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($tokens[1] completion ${COMPLETE_ENTRY} -- $tokens[2..-1] "$current" 2>/dev/null)
    or return
    set -l directive 0
    if test (count $out) -gt 0; and string match -qr '^:[0-9]+$' -- $out[-1]
        set directive (string sub -s 2 -- $out[-1])
        set -e out[-1]
    end
    if test (math "bitand($directive, 16)") -ne 0
        __fish_complete_directories "$current"
        return
    end
    if test (count $out) -eq 0
        # 4 = no file names; otherwise fall back to them.
        test (math "bitand($directive, 4)") -eq 0; and __fish_complete_path "$current"
        return
    end
    printf '%s\\n' $out
end
complete -c ${BINARY} -f -a '(__kubectl_calico_migrate_complete)'
`;
