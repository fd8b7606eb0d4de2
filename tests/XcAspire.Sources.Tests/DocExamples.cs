namespace XcAspire.Sources.Tests;

/// <summary>The synthetic examples of athletic-net-api.md §9, verbatim.</summary>
internal static class DocExamples
{
    public const string MeetData =
"""
{
  "sport": "xc",
  "jwtMeet": "eyJhbGciOiJIUzI1NiJ9.SYNTHETIC.PAYLOAD",
  "meet": {
    "ID": 900001, "Name": "Example Valley Invitational", "SeasonID": 2025, "LevelMask": 4,
    "MeetDate": "2025-09-20T00:00:00", "StartDate": "2025-09-20T00:00:00",
    "EndDate": "2025-09-20T00:00:00", "HasResults": 1, "LocationID": 55501,
    "Location": { "ID": 55501, "Name": "Riverbend Park", "Address": "100 Example Rd",
                  "City": "Springfield", "State": "OR", "PostalCode": "97000", "Country": "US",
                  "Lat": 44.05, "Long": -123.02 }
  },
  "xcDivisions": [
    { "IDMeetDiv": 1500001, "DivName": "5,000 Meters Varsity", "Gender": "M", "Division": "Varsity",
      "Meters": 5000, "LevelMask": 4, "CourseId": 0, "PlaceDepth": 7, "ScoreDepth": 5, "RaceTime": null },
    { "IDMeetDiv": 1500002, "DivName": "5,000 Meters Varsity", "Gender": "F", "Division": "Varsity",
      "Meters": 5000, "LevelMask": 4, "CourseId": 0, "PlaceDepth": 7, "ScoreDepth": 5, "RaceTime": null }
  ],
  "tfDivisions": [], "teamScores": []
}
""";

    public const string AllResults =
"""
{
  "flatEvents": [
    { "IDMeetDiv": 1500001, "DivName": "5,000 Meters Varsity", "Gender": "M", "Division": "Varsity",
      "Meters": 5000, "LevelMask": 4, "CourseId": 0, "PlaceDepth": 7, "ScoreDepth": 5, "RaceTime": null,
      "results": [
        { "IDResult": 300000001, "AthleteID": 20000001, "FirstName": "Milo", "LastName": "Fenwick",
          "Grade": "12", "AgeGrade": "12", "Gender": "M", "TeamID": 7001, "SchoolName": "North Example",
          "Result": "15:58.4", "SortValue": 958.4, "Place": 1, "pr": 1, "sr": 1, "Exhibition": false },
        { "IDResult": 300000002, "AthleteID": 20000002, "FirstName": "Ravi", "LastName": "Okafor",
          "Grade": "10", "AgeGrade": "10", "Gender": "M", "TeamID": 7002, "SchoolName": "South Example",
          "Result": "16:21.0", "SortValue": 981.0, "Place": 2, "pr": 0, "sr": 1, "Exhibition": false },
        { "IDResult": 300000003, "AthleteID": 20000003, "FirstName": "Theo", "LastName": "Lindqvist",
          "Grade": "-", "AgeGrade": "-", "Gender": "M", "TeamID": 7001, "SchoolName": "North Example",
          "Result": "DNF", "SortValue": 999999, "Place": 0, "pr": 0, "sr": 0, "Exhibition": false } ] },
    { "IDMeetDiv": 1500002, "DivName": "5,000 Meters Varsity", "Gender": "F", "Division": "Varsity",
      "Meters": 5000, "LevelMask": 4, "CourseId": 0, "PlaceDepth": 7, "ScoreDepth": 5, "RaceTime": null,
      "results": [
        { "IDResult": 300000011, "AthleteID": 20000011, "FirstName": "Ava", "LastName": "Marchetti",
          "Grade": "11", "AgeGrade": "11", "Gender": "F", "TeamID": 7002, "SchoolName": "South Example",
          "Result": "18:42.3", "SortValue": 1122.3, "Place": 1, "pr": 1, "sr": 1, "Exhibition": false },
        { "IDResult": 300000012, "AthleteID": 20000012, "FirstName": "June", "LastName": "Castellanos",
          "Grade": "9", "AgeGrade": "9", "Gender": "F", "TeamID": 7001, "SchoolName": "North Example",
          "Result": "19:05.7", "SortValue": 1145.7, "Place": 2, "pr": 1, "sr": 1, "Exhibition": false },
        { "IDResult": 300000013, "AthleteID": 20000013, "FirstName": "Noor", "LastName": "Whitfield",
          "Grade": "10", "AgeGrade": "10", "Gender": "F", "TeamID": 7003, "SchoolName": "East Example",
          "Result": "20:11.9", "SortValue": 1211.9, "Place": 3, "pr": 0, "sr": 0, "Exhibition": true } ] }
  ],
  "teamScores": [ { "DivisionID": 1500001, "SchoolID": 7001, "Name": "North Example", "Points": 31,
                    "Place": 1, "rawName": "North Example" } ],
  "teams": [ { "IDSchool": 7001, "SchoolName": "North Example", "TeamCode": "NOEX" } ]
}
""";
}
