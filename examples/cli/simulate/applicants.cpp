#include "applicants.hpp"

#include <string_view>

namespace ashbyknit::cli::simulation {
namespace {

/// First and last names that belong together: the names of one script.
struct name_pool {
  std::vector<std::string_view> first;
  std::vector<std::string_view> last;
};

const std::vector<name_pool> &name_pools() {
  static const std::vector<name_pool> pools = {
      // Latin with accents, ligatures and apostrophes.
      {{"José", "Zoë", "Émilie", "Søren", "Łukasz", "Björn", "François", "Małgorzata", "Siobhán", "Ngozi", "Ana"},
       {"García Márquez", "Müller", "Dvořák", "Nørgaard", "Çelik", "O'Brien", "Nguyễn", "Kowalczyk", "d'Aubigné"}},
      // Cyrillic.
      {{"Анна", "Дмитрий", "Ольга", "Сергей", "Ёлка", "Тарас"}, {"Иванова", "Петров", "Смирнова", "Кузнецов", "Шевченко"}},
      // Greek.
      {{"Αλέξανδρος", "Ελένη", "Γιώργος", "Μαρία", "Δήμητρα"}, {"Παπαδόπουλος", "Οικονόμου", "Νικολάου", "Γεωργίου"}},
      // Chinese.
      {{"伟", "芳", "秀英", "子涵", "浩然"}, {"王", "李", "张", "欧阳", "陈"}},
      // Japanese.
      {{"陽菜", "蓮", "さくら", "翔太"}, {"佐藤", "鈴木", "高橋", "渡辺"}},
      // Korean.
      {{"지우", "민준", "서연", "하준"}, {"김", "이", "박", "최"}},
      // Arabic.
      {{"محمد", "فاطمة", "عمر", "ليلى", "يوسف"}, {"الحسن", "عبد الله", "المنصور", "حداد"}},
  };
  return pools;
}

constexpr std::string_view job_names[] = {
    "Senior Frontend Engineer",
    "Ingénieur·e logiciel (H/F)",
    "Backend-Entwickler:in Zahlungsverkehr",
    "Разработчик C++",
    "Μηχανικός Δεδομένων",
    "データエンジニア",
    "产品经理",
    "مهندس برمجيات أول",
    "Product Designer (Remote — EU)",
    "Site Reliability Engineer, \"Platform\" team",
};

constexpr std::string_view application_statuses[] = {
    "Active", "Lead", "Hired", "Archived", "IN_REVIEW", "Interview", "Offer",
};

constexpr std::string_view hiring_roles[] = {"Recruiter", "Hiring Manager", "Coordinator", "Interviewer"};

constexpr std::string_view mail_domains[] = {"example.com", "example.org", "example.net", "mail.example.co.uk"};

/// The value `make()` gives about three times in four; otherwise none.
template <typename Make>
std::optional<std::string> mostly(random_engine &engine, Make make) {
  if (one_in(engine, 4)) return std::nullopt;
  return make();
}

/// An e-mail address: Ashby's addresses are ASCII here, as most are.
std::string random_email(random_engine &engine, std::string_view local_prefix) {
  return std::string(local_prefix) + "." + std::to_string(below(engine, 1000000)) + "@" +
         std::string(pick(engine, mail_domains));
}

hiring_team_member random_team_member(random_engine &engine) {
  const candidate_fields person = random_candidate(engine);
  return {random_uuid(engine), person.first_name, person.last_name, random_email(engine, "hiring"),
          std::string(pick(engine, hiring_roles))};
}

}  // namespace

std::string random_uuid(random_engine &engine) {
  static constexpr char hex_digits[] = "0123456789abcdef";
  std::string uuid;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) uuid += '-';
    std::size_t digit = below(engine, 16);
    if (i == 12) digit = 4;                       // the version
    if (i == 16) digit = 8 + (digit & 3);         // the variant
    uuid += hex_digits[digit];
  }
  return uuid;
}

candidate_fields random_candidate(random_engine &engine) {
  const name_pool &pool = name_pools()[below(engine, name_pools().size())];
  candidate_fields candidate;
  candidate.ashby_id = random_uuid(engine);
  candidate.first_name = pool.first[below(engine, pool.first.size())];
  candidate.last_name = pool.last[below(engine, pool.last.size())];
  candidate.email = mostly(engine, [&] { return random_email(engine, "candidate"); });
  candidate.ashby_profile_url =
      mostly(engine, [&] { return "https://app.ashbyhq.com/candidates/" + candidate.ashby_id; });
  return candidate;
}

job_fields random_job(random_engine &engine) {
  job_fields job;
  job.ashby_id = random_uuid(engine);
  job.name = mostly(engine, [&] { return std::string(pick(engine, job_names)); });
  job.ashby_job_url = mostly(engine, [&] { return "https://app.ashbyhq.com/jobs/" + job.ashby_id; });
  if (one_in(engine, 2)) job.req_id = "REQ-" + std::to_string(1000 + below(engine, 9000));
  const std::size_t team_size = below(engine, 3);
  for (std::size_t i = 0; i < team_size; ++i) job.hiring_team.push_back(random_team_member(engine));
  return job;
}

std::optional<std::string> random_application_status(random_engine &engine) {
  return mostly(engine, [&] { return std::string(pick(engine, application_statuses)); });
}

}  // namespace ashbyknit::cli::simulation
