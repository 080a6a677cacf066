using System.Text;

namespace SeaNet.Core.Policy;

/// <summary>What <see cref="EreTranslator.Translate"/> makes of one pattern.</summary>
/// <param name="Pattern">The equivalent .NET pattern (for <c>RegexOptions.NonBacktracking</c>), not anchored;
/// null when <paramref name="Problem"/> is set.</param>
/// <param name="LiteralPrefix">The literal text every match starts with (before any operator), or "" if
/// the pattern has a top-level alternation.</param>
/// <param name="Problem">Why the pattern is not a POSIX extended regular expression SeaNet accepts,
/// with what to write instead; null on success.</param>
internal readonly record struct EreTranslation(string? Pattern, string LiteralPrefix, string? Problem);

/// <summary>
/// Translates a POSIX extended regular expression (what Sea's lists are: Sea applies them with
/// <c>grep -E</c>) to an equivalent .NET pattern, refusing what ERE does not have.
/// </summary>
/// <remarks>
/// ERE and .NET agree on most syntax but not all of it, and the differences are silent: in .NET
/// <c>\d</c> is a digit and <c>(?i)</c> a flag, in ERE neither exists; in an ERE bracket expression
/// a backslash is an ordinary character and <c>[]a]</c> holds <c>]</c>; <c>a+?</c> is <c>(a+)?</c> in ERE
/// but a lazy <c>a+</c> in .NET. So the pattern is parsed here, token by token, and rebuilt:
/// <list type="bullet">
/// <item>bracket expressions, incl. <c>[:alpha:]</c>-style classes, <c>[=x=]</c>, <c>[.x.]</c> and
/// POSIX placement of <c>]</c> and <c>-</c>, become .NET classes with every character escaped;</item>
/// <item><c>^</c>/<c>$</c> become <c>\A</c>/<c>\z</c> (.NET's <c>$</c> also matches before a final newline);</item>
/// <item>groups become non-capturing; a quantifier on a quantifier is wrapped, as ERE means it;</item>
/// <item>GNU grep's escapes <c>\w \W \s \S \b \B</c> and <c>\` \'</c> are accepted (grep -E takes them);
/// <c>\&lt; \&gt;</c>, back-references and every other backslash-letter are refused with what to write.</item>
/// </list>
/// Whether a path matches does not depend on POSIX's leftmost-longest rule versus .NET's
/// leftmost-first, because lists are only ever used as full matches.
/// </remarks>
internal static class EreTranslator
{
    public static EreTranslation Translate(string ere)
    {
        var parser = new Parser(ere);
        string? problem = parser.Run();
        return problem is null
            ? new EreTranslation(parser.Output, parser.Prefix, null)
            : new EreTranslation(null, string.Empty, problem);
    }

    /// <summary>One pass over the pattern; <see cref="Run"/> returns null or the problem.</summary>
    private sealed class Parser(string ere)
    {
        private readonly StringBuilder _out = new(ere.Length + 16);
        private readonly StringBuilder _prefix = new();
        private readonly Stack<int> _groups = new();
        private int _i;

        // The last atom (what a quantifier applies to) starts at _out[_atomStart]; -1: there is none.
        private int _atomStart = -1;
        private bool _atomQuantified;

        // The literal prefix grows while the pattern starts with plain characters; a quantifier on
        // the last one takes it back (a? may be absent).
        private bool _prefixOpen = true;
        private int _prefixBeforeAtom = -1;
        private bool _topLevelAlternation;

        public string Output => _out.ToString();

        public string Prefix => _topLevelAlternation ? string.Empty : _prefix.ToString();

        public string? Run()
        {
            while (_i < ere.Length)
            {
                char c = ere[_i];
                string? problem = c switch
                {
                    '\\' => Escape(),
                    '[' => Bracket(),
                    '(' => Open(),
                    ')' => Close(),
                    '*' or '+' or '?' => Quantifier(c.ToString(), 1),
                    '{' => Interval(),
                    '|' => Alternation(),
                    '^' => Anchor(@"\A", _i == 0),
                    '$' => Anchor(@"\z", false),
                    '.' => Atom(".", literal: null, 1),
                    _ => Atom(Literal(c), literal: c, 1),
                };
                if (problem is not null)
                {
                    return problem;
                }
            }

            return _groups.Count > 0
                ? "unmatched '(' (add the closing ')', or write \\( for a literal parenthesis)"
                : null;
        }

        /// <summary>Appends an atom. <paramref name="literal"/> is the character it stands for, if it is one.</summary>
        private string? Atom(string dotnet, char? literal, int consumed)
        {
            _atomStart = _out.Length;
            _atomQuantified = false;
            _out.Append(dotnet);
            if (_prefixOpen && literal is char ch && _groups.Count == 0)
            {
                _prefixBeforeAtom = _prefix.Length;
                _prefix.Append(ch);
            }
            else
            {
                ClosePrefix();
            }

            _i += consumed;
            return null;
        }

        private void ClosePrefix()
        {
            _prefixOpen = false;
            _prefixBeforeAtom = -1;
        }

        private string? Anchor(string dotnet, bool leading)
        {
            _out.Append(dotnet);
            _atomStart = -1;
            if (!leading)
            {
                ClosePrefix();
            }

            _i++;
            return null;
        }

        private string? Quantifier(string dotnet, int consumed)
        {
            if (_atomStart < 0)
            {
                return $"'{ere.Substring(_i, consumed)}' at offset {_i} has nothing to repeat: this is a regular expression, "
                    + $"not a shell glob (write .* for 'anything', e.g. .*\\.nii; write \\{ere[_i]} for a literal '{ere[_i]}')";
            }

            if (_atomQuantified)
            {
                // ERE a+? is (a+)?; .NET would read a lazy a+.
                _out.Insert(_atomStart, "(?:").Append(')');
            }

            _out.Append(dotnet);
            _atomQuantified = true;
            if (_prefixBeforeAtom >= 0)
            {
                _prefix.Length = _prefixBeforeAtom;
            }

            ClosePrefix();
            _i += consumed;
            return null;
        }

        /// <summary><c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>, or GNU's <c>{,m}</c>.</summary>
        private string? Interval()
        {
            int close = ere.IndexOf('}', _i);
            string body = close < 0 ? string.Empty : ere[(_i + 1)..close];
            int comma = body.IndexOf(',');
            string low = comma < 0 ? body : body[..comma];
            string? high = comma < 0 ? low : body[(comma + 1)..];
            const string Fix = "(write {n}, {n,}, {n,m} or {,m} with whole numbers up to 255, or \\{ for a literal brace)";
            if (close < 0 || body.Length == 0 || !low.All(char.IsAsciiDigit) || !high.All(char.IsAsciiDigit)
                || low.Length > 5 || high.Length > 5)
            {
                return $"'{{' at offset {_i} does not start an interval {Fix}";
            }

            int min = low.Length == 0 ? 0 : int.Parse(low, System.Globalization.CultureInfo.InvariantCulture);
            int? max = high.Length == 0 ? null : int.Parse(high, System.Globalization.CultureInfo.InvariantCulture);
            if (min > 255 || max > 255)
            {
                return $"interval '{{{body}}}' repeats more than 255 times {Fix}";
            }

            if (max < min)
            {
                return $"interval '{{{body}}}' has its maximum below its minimum {Fix}";
            }

            string dotnet = max is null ? $"{{{min},}}" : max == min ? $"{{{min}}}" : $"{{{min},{max}}}";
            return Quantifier(dotnet, close - _i + 1);
        }

        private string? Alternation()
        {
            if (_groups.Count == 0)
            {
                _topLevelAlternation = true;
            }

            ClosePrefix();
            _out.Append('|');
            _atomStart = -1;
            _i++;
            return null;
        }

        private string? Open()
        {
            if (_i + 1 < ere.Length && ere[_i + 1] == '?')
            {
                return $"'(?' at offset {_i}: (?...) groups (lookarounds, non-capturing or named groups, inline "
                    + "options such as (?i)) are Perl/.NET syntax, not POSIX extended regular expressions (use plain (...) "
                    + "groups; for case-insensitivity list both cases, e.g. [Nn][Ii][Ii])";
            }

            ClosePrefix();
            _groups.Push(_out.Length);
            _out.Append("(?:");
            _atomStart = -1;
            _i++;
            return null;
        }

        private string? Close()
        {
            if (_groups.Count == 0)
            {
                return $"unmatched ')' at offset {_i} (write \\) for a literal parenthesis)";
            }

            _out.Append(')');
            _atomStart = _groups.Pop();
            _atomQuantified = false;
            _i++;
            return null;
        }

        private string? Escape()
        {
            if (_i + 1 >= ere.Length)
            {
                return "ends with a lone backslash (write \\\\ for a literal backslash)";
            }

            char c = ere[_i + 1];
            switch (c)
            {
                case 'w' or 'W' or 's' or 'S':
                    return Atom("\\" + c, literal: null, 2);
                case 'b' or 'B':
                    _i++;
                    return Anchor("\\" + c, false);
                case '`':
                    _i++;
                    return Anchor(@"\A", _i == 1);
                case '\'':
                    _i++;
                    return Anchor(@"\z", false);
                case '<' or '>':
                    return $"'\\{c}' (GNU's start/end of word) is not supported (use \\b, the word boundary, or name the characters, e.g. /[[:alpha:]])";
                case 'd' or 'D':
                    return $"'\\{c}' is Perl/.NET syntax, not a POSIX extended regular expression (write {(c == 'd' ? "[0-9] or [[:digit:]]" : "[^0-9]")})";
                case >= '1' and <= '9':
                    return $"'\\{c}' is a back-reference, which SeaNet does not support (matching stays linear in the path length); list the alternatives instead";
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                return $"'\\{c}' is not an escape of POSIX extended regular expressions (escape only punctuation, e.g. \\. for a dot; "
                    + "GNU's \\w \\W \\s \\S \\b \\B are accepted)";
            }

            return Atom(Literal(c), literal: c, 2);
        }

        /// <summary>A bracket expression, POSIX rules: <c>]</c> first is literal, <c>-</c> first or last is
        /// literal, a backslash is an ordinary character, <c>[:class:]</c>, <c>[=c=]</c>, <c>[.c.]</c>.</summary>
        private string? Bracket()
        {
            int start = _i;
            int i = _i + 1;
            bool negate = i < ere.Length && ere[i] == '^';
            if (negate)
            {
                i++;
            }

            var set = new StringBuilder();
            bool first = true;
            while (true)
            {
                if (i >= ere.Length)
                {
                    return $"unterminated bracket expression at offset {start} (add the closing ']', or write \\[ for a literal bracket)";
                }

                if (ere[i] == ']' && !first)
                {
                    i++;
                    break;
                }

                first = false;
                string? problem = BracketElement(ref i, out char low, out string? cls);
                if (problem is not null)
                {
                    return problem;
                }

                if (cls is not null)
                {
                    set.Append(cls);
                    continue;
                }

                if (i + 1 < ere.Length && ere[i] == '-' && ere[i + 1] != ']')
                {
                    i++;
                    problem = BracketElement(ref i, out char high, out string? highClass);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    if (highClass is not null)
                    {
                        return $"a range in the bracket expression at offset {start} ends in a character class (write the range and the class apart, e.g. [a-z[:digit:]])";
                    }

                    if (high < low)
                    {
                        return $"range '{low}-{high}' in the bracket expression at offset {start} is backwards (write {high}-{low})";
                    }

                    set.Append(InClass(low)).Append('-').Append(InClass(high));
                }
                else
                {
                    set.Append(InClass(low));
                }
            }

            string dotnet = (negate ? "[^" : "[") + set + "]";
            string? single = !negate && i - start == 3 ? ere[start + 1].ToString() : null;
            return Atom(dotnet, single is null ? null : single[0], i - start);
        }

        /// <summary>One element at <paramref name="i"/>: a character (<paramref name="ch"/>), a collating
        /// element or equivalence class of one character (also <paramref name="ch"/>), or a named class
        /// (<paramref name="cls"/>, the .NET set).</summary>
        private string? BracketElement(ref int i, out char ch, out string? cls)
        {
            ch = ere[i];
            cls = null;
            if (ch != '[' || i + 1 >= ere.Length || ere[i + 1] is not (':' or '=' or '.'))
            {
                i++;
                return null;
            }

            char kind = ere[i + 1];
            int close = ere.IndexOf(kind + "]", i + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return $"unterminated '[{kind}' at offset {i} (close it with '{kind}]', or write [[] for a literal '[')";
            }

            string name = ere[(i + 2)..close];
            i = close + 2;
            if (kind == ':')
            {
                cls = NamedClass(name);
                return cls is null
                    ? $"unknown character class '[:{name}:]' (use alpha, digit, alnum, upper, lower, space, blank, punct, xdigit, cntrl, print or graph)"
                    : null;
            }

            if (name.Length != 1)
            {
                return $"'[{kind}{name}{kind}]' names more than one character, which SeaNet does not support (list the characters instead)";
            }

            ch = name[0];
            return null;
        }

        /// <summary>The POSIX classes as they read in a UTF-8 locale: letters of any script, ASCII digits.</summary>
        private static string? NamedClass(string name) => name switch
        {
            "alpha" => @"\p{L}",
            "upper" => @"\p{Lu}",
            "lower" => @"\p{Ll}",
            "digit" => "0-9",
            "alnum" => @"\p{L}0-9",
            "xdigit" => "0-9A-Fa-f",
            "space" => @"\s",
            "blank" => @" \t",
            "punct" => @"\p{P}\p{S}",
            "cntrl" => @"\p{Cc}",
            "graph" => @"\p{L}\p{M}\p{N}\p{P}\p{S}",
            "print" => @"\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}",
            _ => null,
        };

        /// <summary>A literal character: ASCII punctuation escaped (always literal in .NET, in or out of a
        /// class), word characters as they are (.NET refuses \_ and gives \d a meaning).</summary>
        private static string Literal(char c) =>
            char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127 ? c.ToString() : "\\" + c;

        /// <summary>A literal character inside a .NET class, where \ ] [ ^ - are special.</summary>
        private static string InClass(char c) => Literal(c);
    }
}
