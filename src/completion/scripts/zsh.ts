// `completion zsh`: completes kubectl-calico_migrate typed directly, with descriptions, through the shared engine.
import { BINARY, COMPLETE_ENTRY } from '../shells.js';

export const zshScript = (): string => `#compdef ${BINARY}
# zsh completion for ${BINARY}
# Load it now:      source <(${BINARY} completion zsh)      (after compinit)
# or for good:      ${BINARY} completion zsh > "\${fpath[1]}/_${BINARY}"
# (\`kubectl calico-migrate <TAB>\` is completed by kubectl itself once kubectl_complete-calico_migrate is on PATH.)
__kubectl_calico_migrate_complete() {
    local out directive=0 line name desc
    local -a lines comps
    out=$("\${words[1]}" completion ${COMPLETE_ENTRY} -- "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    if [[ \${lines[-1]} == :<-> ]]; then
        directive=\${lines[-1]#:}
        lines[-1]=()
    fi
    for line in "\${lines[@]}"; do
        [[ -z $line ]] && continue
        name=\${line%%$'\\t'*}
        desc=''
        [[ $line == *$'\\t'* ]] && desc=\${line#*$'\\t'}
        comps+=("\${name//:/\\\\:}\${desc:+:$desc}")
    done
    if (( directive & 16 )); then
        _path_files -/
        return
    fi
    if (( \${#comps} )); then
        local -a nospace
        (( directive & 2 )) && nospace=(-S '')
        _describe -t values 'values' comps "\${nospace[@]}"
        return
    fi
    (( directive & 4 )) || _files
}
if [[ "\${funcstack[1]}" == _${BINARY} ]]; then
    __kubectl_calico_migrate_complete "$@"
else
    compdef __kubectl_calico_migrate_complete ${BINARY}
fi
`;
