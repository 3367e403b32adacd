// `completion bash`: completes kubectl-calico_migrate typed directly, through the same engine as the kubectl helper.
import { BINARY, COMPLETE_ENTRY } from '../shells.js';

export const bashScript = (): string => `# bash completion for ${BINARY}
# Load it now:      source <(${BINARY} completion bash)
# or for good:      ${BINARY} completion bash > ~/.local/share/bash-completion/completions/${BINARY}
# (\`kubectl calico-migrate <TAB>\` is completed by kubectl itself once kubectl_complete-calico_migrate is on PATH.)
__kubectl_calico_migrate_complete() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        # bash-completion rejoins "--context=x" and "a:b" that COMP_WORDBREAKS split apart.
        _get_comp_words_by_ref -n =: cur words cword
    else
        read -r -a words <<< "\${COMP_LINE:0:COMP_POINT}"
        [[ "\${COMP_LINE:COMP_POINT-1:1}" == " " ]] && words+=("")
        cword=$(( \${#words[@]} - 1 )); cur="\${words[cword]}"
    fi
    local out
    out=$("\${words[0]}" completion ${COMPLETE_ENTRY} -- "\${words[@]:1:cword-1}" "$cur" 2>/dev/null) || return 0

    local -a lines=() candidates=()
    mapfile -t lines <<< "$out"
    local directive=0 line
    if [[ \${#lines[@]} -gt 0 && "\${lines[\${#lines[@]}-1]}" =~ ^:([0-9]+)$ ]]; then
        directive=\${BASH_REMATCH[1]}
        unset 'lines[\${#lines[@]}-1]'
    fi
    for line in "\${lines[@]}"; do
        [[ -n "$line" ]] && candidates+=("\${line%%$'\\t'*}")   # drop the description
    done

    # bash replaces only the text after the last word-break character (= or :) of the word: drop what precedes it.
    local i cut=0
    for (( i = 0; i < \${#cur}; i++ )); do
        [[ "$COMP_WORDBREAKS" == *"\${cur:i:1}"* ]] && cut=$(( i + 1 ))
    done
    if (( directive & 16 )); then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "\${cur:cut}")
        return 0
    fi
    if (( \${#candidates[@]} == 0 )); then
        # 4 = no file names; otherwise "complete -o default" falls back to them.
        (( directive & 4 )) && compopt +o default 2>/dev/null
        COMPREPLY=()
        return 0
    fi
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    COMPREPLY=()
    for line in "\${candidates[@]}"; do COMPREPLY+=("\${line:cut}"); done
}
complete -o default -F __kubectl_calico_migrate_complete ${BINARY}
`;
