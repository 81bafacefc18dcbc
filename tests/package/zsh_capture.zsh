# What zsh offers for a command line, one candidate a line, as a person pressing tab gets:
#     zsh -f zsh_capture.zsh COMPLETION_SCRIPT "roadmap-tui export x.toml --format "
# An interactive zsh runs in a pseudo-terminal (zpty); `compadd` is wrapped to print every
# candidate it is given, and a widget bound to ^T completes the typed line, then prints an
# end mark. (The marks are split in the source so the terminal's echo of it never matches.)
zmodload zsh/zpty
zpty shell zsh -f -i
zpty -w shell "PROMPT='' RPROMPT=''"
zpty -w shell "autoload -U compinit && compinit -u -D"
zpty -w shell "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w shell "compadd () { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return \$?; fi; typeset -a __hits; builtin compadd -A __hits \"\$@\"; (( \$#__hits == 0 )) && return 1; builtin printf 'CANDI''DATE:%s\\n' \$__hits >&2 }"
zpty -w shell "source ${(q)1}"
zpty -w shell "complete-and-leave () { zle complete-word; builtin print -u2 -- '<<DO''NE>>'; exit }; zle -N complete-and-leave; bindkey '^t' complete-and-leave"
zpty -n -w shell "$2"$'\C-t'
while zpty -r shell line; do
  [[ $line == *'<<DONE>>'* ]] && break
  [[ $line == *CANDIDATE:* ]] && print -r -- "${${line#*CANDIDATE:}%$'\r'}"
done
zpty -d shell
