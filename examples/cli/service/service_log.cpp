#include "service_log.hpp"

#include <chrono>
#include <ctime>

namespace ashbyknit::cli {

std::string utc_timestamp() {
  using namespace std::chrono;
  const auto now = time_point_cast<milliseconds>(system_clock::now());
  const std::time_t whole_seconds = system_clock::to_time_t(now);
  const auto millis = static_cast<int>((now.time_since_epoch() % seconds(1)).count());
  std::tm fields{};
  gmtime_r(&whole_seconds, &fields);
  char text[sizeof "2024-12-18T23:04:50.123Z"];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &fields);
  std::snprintf(text + length, sizeof text - length, ".%03dZ", millis);
  return text;
}

void log_line(std::FILE *stream, std::string_view text) {
  std::string line = utc_timestamp() + " ";
  for (const char c : text) line += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  line += '\n';
  // One fwrite holds the stream's lock for the whole line.
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fflush(stream);
}

}  // namespace ashbyknit::cli
