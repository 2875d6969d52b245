#include "postgres/postgres_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace ashbyknit::detail {
namespace {

constexpr std::string_view unique_violation = "23505";

struct result_clear {
  void operator()(PGresult *outcome) const noexcept { PQclear(outcome); }
};
using owned_result = std::unique_ptr<PGresult, result_clear>;

void ignore_notice(void *, const char *) {}

/// libpq's message, which may span lines indented with tabs, as one line.
std::string one_line(std::string_view message) {
  std::string line;
  for (const char c : message) {
    if (c != '\n' && c != '\r' && c != '\t') {
      line += c;
    } else if (!line.empty() && line.back() != ' ') {
      line += ' ';
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::int64_t parse_integer(std::string_view digits) {
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

/// True for the results of INSERT, UPDATE, DELETE and MERGE, the commands changes() counts.
bool changes_rows(PGresult *outcome) {
  const std::string_view command = PQcmdStatus(outcome);
  for (const std::string_view verb : {"INSERT ", "UPDATE ", "DELETE ", "MERGE "}) {
    if (command.substr(0, verb.size()) == verb) return true;
  }
  return false;
}

/// The password as `url` writes it, in its user information (postgres://user:password@host) or
/// its query (?password=...); empty when it has none.
std::string_view written_password(std::string_view url) {
  if (const auto key = url.find("password=", url.find('?')); key != std::string_view::npos) {
    const auto value = key + std::string_view("password=").size();
    return url.substr(value, url.find('&', value) - value);
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  const auto authority_start = scheme_end + 3;
  const auto authority = url.substr(authority_start, url.find_first_of("/?", authority_start) - authority_start);
  const auto at = authority.rfind('@');
  const auto colon = authority.find(':');
  if (at == std::string_view::npos || colon > at) return {};
  return authority.substr(colon + 1, at - colon - 1);
}

/// `message` with every occurrence of `secret` masked: libpq quotes a malformed URL whole.
std::string without(std::string message, std::string_view secret) {
  if (secret.empty()) return message;
  constexpr std::string_view mask = "***";
  for (auto found = message.find(secret); found != std::string::npos;
       found = message.find(secret, found + mask.size())) {
    message.replace(found, secret.size(), mask);
  }
  return message;
}

struct conninfo_free {
  void operator()(PQconninfoOption *options) const noexcept { PQconninfoFree(options); }
};

/// The `options` that `url` sets (such as "-c search_path=vendor"), then `server_options`: the
/// server applies them in that order, so a setting of both takes `server_options`' value. Only
/// `server_options` when the URL cannot be parsed; connecting then reports why.
std::string with_url_options(const std::string &url, const std::string &server_options) {
  const std::unique_ptr<PQconninfoOption, conninfo_free> parsed(PQconninfoParse(url.c_str(), nullptr));
  std::string url_options;
  for (const PQconninfoOption *option = parsed.get(); option != nullptr && option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "options" && option->val != nullptr) url_options = option->val;
  }
  if (url_options.empty() || server_options.empty()) return url_options + server_options;
  return url_options + " " + server_options;
}

/// `text` ended with a full stop, unless it ends a sentence already ("...on that socket?").
std::string sentence(std::string text) {
  if (text.empty() || (text.back() != '.' && text.back() != '?' && text.back() != '!')) text += '.';
  return text;
}

/// True when the server has closed `connection` while it sat idle: a server that shuts down or
/// ends the session sends a last message and closes the socket, which libpq learns of only when
/// it reads. Reads what is waiting without blocking; libpq marks the connection bad at the end of
/// the stream.
bool closed_by_server(PGconn *connection) {
  pollfd socket{PQsocket(connection), POLLIN, 0};
  while (poll(&socket, 1, 0) == 1) {
    if (PQconsumeInput(connection) == 0) return true;
  }
  return false;
}

/// The database and host `connection` was for, and why it is not connected to them.
std::string unreachable(PGconn *connection) {
  if (connection == nullptr) return "its database: out of memory";
  const std::string reason = one_line(PQerrorMessage(connection));
  const char *database = PQdb(connection);
  if (database == nullptr || *database == '\0') return fmt::format("the database its URL names: {}", reason);
  const char *host = PQhost(connection);
  return fmt::format("database \"{}\" on {}: {}", database, host != nullptr ? host : "the default host", reason);
}

}  // namespace

std::string numbered_placeholders(std::string_view sql) {
  // Where the literal, quoted identifier or comment starting at `at` ends (one past it, or the end
  // of `sql` when unterminated); `at` when none starts there. A doubled quote ('it''s') reads as
  // two literals, which is as good as one here.
  const auto end_of_verbatim = [sql](std::size_t at) {
    const auto through = [sql](std::size_t found) { return found == std::string_view::npos ? sql.size() : found + 1; };
    if (sql[at] == '\'' || sql[at] == '"') return through(sql.find(sql[at], at + 1));
    if (sql.substr(at, 2) == "--") return through(sql.find('\n', at));
    return at;
  };
  std::string translated;
  translated.reserve(sql.size());
  for (std::size_t at = 0; at < sql.size();) {
    if (const std::size_t end = end_of_verbatim(at); end != at) {
      translated.append(sql.substr(at, end - at));
      at = end;
    } else {
      const bool numbered = sql[at] == '?' && at + 1 < sql.size() && sql[at + 1] >= '0' && sql[at + 1] <= '9';
      translated += numbered ? '$' : sql[at];
      ++at;
    }
  }
  return translated;
}

/// A statement prepared on the server under a name of its connection's, with its parameters as
/// text and the result of its last execution.
class postgres_statement final : public sql_statement {
 public:
  postgres_statement(postgres_connection &connection, std::string name, const char *sql)
      : connection_(connection), name_(std::move(name)), sql_(numbered_placeholders(sql)) {}
  postgres_statement(const postgres_statement &) = delete;
  postgres_statement &operator=(const postgres_statement &) = delete;

  /// Prepares the statement on the server and learns how many parameters it takes.
  status prepare() {
    const owned_result prepared(PQprepare(connection_.connection_, name_.c_str(), sql_.c_str(), 0, nullptr));
    if (auto checked = connection_.check(prepared.get()); !checked.ok()) return checked;
    const owned_result description(PQdescribePrepared(connection_.connection_, name_.c_str()));
    if (auto checked = connection_.check(description.get()); !checked.ok()) return checked;
    parameters_.resize(static_cast<std::size_t>(PQnparams(description.get())));
    prepared_ = true;
    return {};
  }

  /// The server forgot the statement (the connection was reset): the next execution prepares it
  /// again.
  void forget_preparation() noexcept { prepared_ = false; }

  void bind_text(int index, std::string_view text) override { parameter(index) = std::string(text); }
  void bind_integer(int index, std::int64_t value) override { parameter(index) = std::to_string(value); }
  void bind_null(int index) override { parameter(index).reset(); }

  result<bool> step() override {
    if (!result_) {
      if (auto executed = execute(); !executed.ok()) return executed.failure();
    }
    return ++row_ < PQntuples(result_.get());
  }

  std::string_view text(int column) const override {
    return {PQgetvalue(result_.get(), row_, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
  }
  /// A number's digits, or a boolean's "t" or "f" as 1 or 0 (from_chars leaves "f" and NULL's ""
  /// at 0).
  std::int64_t integer(int column) const override {
    const std::string_view value = text(column);
    return value == "t" ? 1 : parse_integer(value);
  }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) == 1; }

  void reset() noexcept override {
    result_.reset();
    row_ = -1;
    for (auto &parameter : parameters_) parameter.reset();
  }

 private:
  /// The parameter numbered `index`, from 1; one past the statement's count fails when it runs.
  std::optional<std::string> &parameter(int index) {
    const auto position = static_cast<std::size_t>(index - 1);
    if (position >= parameters_.size()) parameters_.resize(position + 1);
    return parameters_[position];
  }

  status execute() {
    if (!prepared_) {
      if (auto prepared = prepare(); !prepared.ok()) return prepared;
    }
    std::vector<const char *> values;
    values.reserve(parameters_.size());
    for (const auto &parameter : parameters_) values.push_back(parameter ? parameter->c_str() : nullptr);
    owned_result executed(PQexecPrepared(connection_.connection_, name_.c_str(), static_cast<int>(values.size()),
                                         values.data(), nullptr, nullptr, 0));
    if (auto checked = connection_.check(executed.get()); !checked.ok()) return checked;
    result_ = std::move(executed);
    return {};
  }

  postgres_connection &connection_;
  const std::string name_;
  const std::string sql_;  ///< as PostgreSQL numbers parameters
  bool prepared_ = false;
  std::vector<std::optional<std::string>> parameters_;  ///< nullopt for NULL
  owned_result result_;                                 ///< null until executed since the last reset
  int row_ = -1;
};

result<std::unique_ptr<postgres_connection>> postgres_connection::open(const std::string &url,
                                                                       const std::string &server_options) {
  // libpq expands the URL where dbname stands and lets later entries win, so the URL's own
  // connect_timeout beats the default while the encoding is always UTF8. An empty value is skipped.
  const std::string options = with_url_options(url, server_options);
  const char *const keywords[] = {"connect_timeout", "dbname", "client_encoding", "options", nullptr};
  const char *const values[] = {"10", url.c_str(), "UTF8", options.c_str(), nullptr};
  PGconn *connection = PQconnectdbParams(keywords, values, 1);
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string reason = without(unreachable(connection), written_password(url));
    PQfinish(connection);
    return error{error_code::store_error, sentence(fmt::format("The store cannot connect to {}", reason))};
  }
  PQsetNoticeProcessor(connection, ignore_notice, nullptr);
  return std::unique_ptr<postgres_connection>(new postgres_connection(connection));
}

postgres_connection::postgres_connection(PGconn *connection) noexcept : connection_(connection) {}

postgres_connection::~postgres_connection() { PQfinish(connection_); }

status postgres_connection::exec(const char *sql) {
  if (auto connected = reconnect_if_lost(); !connected.ok()) return connected;
  const owned_result outcome(PQexec(connection_, sql));
  return check(outcome.get());
}

result<sql_query> postgres_connection::query(const char *sql) {
  if (auto connected = reconnect_if_lost(); !connected.ok()) return connected.failure();
  auto cached = statements_.find(sql);
  if (cached == statements_.end()) {
    auto statement = std::make_unique<postgres_statement>(*this, fmt::format("ak{}", statements_.size() + 1), sql);
    if (auto prepared = statement->prepare(); !prepared.ok()) return prepared.failure();
    cached = statements_.emplace(sql, std::move(statement)).first;
  }
  return sql_query(*cached->second);
}

status postgres_connection::begin_write() { return run("BEGIN"); }

bool postgres_connection::in_transaction() const noexcept {
  switch (PQtransactionStatus(connection_)) {
    case PQTRANS_ACTIVE:
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR: return true;
    default: return false;
  }
}

std::int64_t postgres_connection::changes() const noexcept { return changes_; }

std::string postgres_connection::last_message() const { return last_message_; }

status postgres_connection::reconnect_if_lost() {
  // Inside a transaction a closed connection is left for the next statement to meet and fail:
  // reconnecting there would run the transaction's remaining statements outside it.
  const bool leave_as_is = in_transaction() || !closed_by_server(connection_);
  if (PQstatus(connection_) == CONNECTION_OK && leave_as_is) return {};
  PQreset(connection_);
  if (PQstatus(connection_) != CONNECTION_OK) {
    last_message_ = one_line(PQerrorMessage(connection_));
    return {error_code::store_error, sentence(fmt::format("The store lost its connection and cannot reconnect to {}",
                                                          unreachable(connection_)))};
  }
  for (auto &cached : statements_) cached.second->forget_preparation();
  return {};
}

status postgres_connection::check(PGresult *outcome) {
  switch (PQresultStatus(outcome)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
      if (changes_rows(outcome)) changes_ = parse_integer(PQcmdTuples(outcome));
      return {};
    case PGRES_EMPTY_QUERY: return {};
    default: break;
  }
  const char *primary = PQresultErrorField(outcome, PG_DIAG_MESSAGE_PRIMARY);
  last_message_ =
      primary != nullptr ? primary : one_line(outcome ? PQresultErrorMessage(outcome) : PQerrorMessage(connection_));
  const char *state = PQresultErrorField(outcome, PG_DIAG_SQLSTATE);
  const bool refused = state != nullptr && state == unique_violation;
  return {refused ? error_code::conflict : error_code::store_error,
          sentence(fmt::format("The store failed while running a query: {}", last_message_))};
}

}  // namespace ashbyknit::detail
