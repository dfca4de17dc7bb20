"""Cities seeded people live in, each with its IANA time zone and the name pool it leans to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    country: str
    timezone: str
    region: str
    weight: int = 1

    @property
    def location(self) -> str:
        return f"{self.name}, {self.country}"


CITIES: tuple[City, ...] = (
    City("London", "United Kingdom", "Europe/London", "western_europe", 4),
    City("Manchester", "United Kingdom", "Europe/London", "western_europe"),
    City("Dublin", "Ireland", "Europe/Dublin", "western_europe", 2),
    City("Paris", "France", "Europe/Paris", "western_europe", 3),
    City("Lyon", "France", "Europe/Paris", "western_europe"),
    City("Berlin", "Germany", "Europe/Berlin", "western_europe", 3),
    City("Munich", "Germany", "Europe/Berlin", "western_europe"),
    City("Amsterdam", "Netherlands", "Europe/Amsterdam", "western_europe", 2),
    City("Brussels", "Belgium", "Europe/Brussels", "western_europe"),
    City("Zurich", "Switzerland", "Europe/Zurich", "western_europe"),
    City("Madrid", "Spain", "Europe/Madrid", "southern_europe", 2),
    City("Barcelona", "Spain", "Europe/Madrid", "southern_europe", 2),
    City("Lisbon", "Portugal", "Europe/Lisbon", "southern_europe", 2),
    City("Milan", "Italy", "Europe/Rome", "southern_europe", 2),
    City("Rome", "Italy", "Europe/Rome", "southern_europe"),
    City("Athens", "Greece", "Europe/Athens", "southern_europe"),
    City("Stockholm", "Sweden", "Europe/Stockholm", "northern_europe", 2),
    City("Copenhagen", "Denmark", "Europe/Copenhagen", "northern_europe"),
    City("Oslo", "Norway", "Europe/Oslo", "northern_europe"),
    City("Helsinki", "Finland", "Europe/Helsinki", "northern_europe"),
    City("Reykjavík", "Iceland", "Atlantic/Reykjavik", "northern_europe"),
    City("Warsaw", "Poland", "Europe/Warsaw", "eastern_europe", 2),
    City("Kraków", "Poland", "Europe/Warsaw", "eastern_europe"),
    City("Prague", "Czechia", "Europe/Prague", "eastern_europe"),
    City("Kyiv", "Ukraine", "Europe/Kyiv", "eastern_europe"),
    City("Bucharest", "Romania", "Europe/Bucharest", "eastern_europe"),
    City("Budapest", "Hungary", "Europe/Budapest", "eastern_europe"),
    City("Belgrade", "Serbia", "Europe/Belgrade", "eastern_europe"),
    City("Lagos", "Nigeria", "Africa/Lagos", "africa", 3),
    City("Accra", "Ghana", "Africa/Accra", "africa", 2),
    City("Nairobi", "Kenya", "Africa/Nairobi", "africa", 3),
    City("Kigali", "Rwanda", "Africa/Kigali", "africa"),
    City("Addis Ababa", "Ethiopia", "Africa/Addis_Ababa", "africa"),
    City("Cape Town", "South Africa", "Africa/Johannesburg", "africa", 2),
    City("Johannesburg", "South Africa", "Africa/Johannesburg", "africa"),
    City("Dakar", "Senegal", "Africa/Dakar", "africa"),
    City("Cairo", "Egypt", "Africa/Cairo", "middle_east_north_africa", 2),
    City("Casablanca", "Morocco", "Africa/Casablanca", "middle_east_north_africa"),
    City("Istanbul", "Türkiye", "Europe/Istanbul", "middle_east_north_africa", 2),
    City("Amman", "Jordan", "Asia/Amman", "middle_east_north_africa"),
    City("Dubai", "United Arab Emirates", "Asia/Dubai", "middle_east_north_africa", 2),
    City("Tel Aviv", "Israel", "Asia/Jerusalem", "middle_east_north_africa"),
    City("Bengaluru", "India", "Asia/Kolkata", "south_asia", 4),
    City("Mumbai", "India", "Asia/Kolkata", "south_asia", 3),
    City("Delhi", "India", "Asia/Kolkata", "south_asia", 3),
    City("Hyderabad", "India", "Asia/Kolkata", "south_asia", 2),
    City("Dhaka", "Bangladesh", "Asia/Dhaka", "south_asia", 2),
    City("Karachi", "Pakistan", "Asia/Karachi", "south_asia", 2),
    City("Colombo", "Sri Lanka", "Asia/Colombo", "south_asia"),
    City("Kathmandu", "Nepal", "Asia/Kathmandu", "south_asia"),
    City("Shanghai", "China", "Asia/Shanghai", "east_asia", 2),
    City("Shenzhen", "China", "Asia/Shanghai", "east_asia"),
    City("Taipei", "Taiwan", "Asia/Taipei", "east_asia"),
    City("Tokyo", "Japan", "Asia/Tokyo", "east_asia", 3),
    City("Osaka", "Japan", "Asia/Tokyo", "east_asia"),
    City("Seoul", "South Korea", "Asia/Seoul", "east_asia", 2),
    City("Hong Kong", "China", "Asia/Hong_Kong", "east_asia"),
    City("Singapore", "Singapore", "Asia/Singapore", "southeast_asia", 2),
    City("Jakarta", "Indonesia", "Asia/Jakarta", "southeast_asia", 2),
    City("Kuala Lumpur", "Malaysia", "Asia/Kuala_Lumpur", "southeast_asia"),
    City("Manila", "Philippines", "Asia/Manila", "southeast_asia", 2),
    City("Ho Chi Minh City", "Vietnam", "Asia/Ho_Chi_Minh", "southeast_asia"),
    City("Bangkok", "Thailand", "Asia/Bangkok", "southeast_asia"),
    City("São Paulo", "Brazil", "America/Sao_Paulo", "latin_america", 3),
    City("Rio de Janeiro", "Brazil", "America/Sao_Paulo", "latin_america"),
    City("Mexico City", "Mexico", "America/Mexico_City", "latin_america", 3),
    City("Bogotá", "Colombia", "America/Bogota", "latin_america", 2),
    City("Buenos Aires", "Argentina", "America/Argentina/Buenos_Aires", "latin_america", 2),
    City("Santiago", "Chile", "America/Santiago", "latin_america"),
    City("Lima", "Peru", "America/Lima", "latin_america"),
    City("New York", "United States", "America/New_York", "north_america_oceania", 3),
    City("Chicago", "United States", "America/Chicago", "north_america_oceania"),
    City("Austin", "United States", "America/Chicago", "north_america_oceania"),
    City("Denver", "United States", "America/Denver", "north_america_oceania"),
    City("San Francisco", "United States", "America/Los_Angeles", "north_america_oceania", 2),
    City("Seattle", "United States", "America/Los_Angeles", "north_america_oceania"),
    City("Toronto", "Canada", "America/Toronto", "north_america_oceania", 2),
    City("Vancouver", "Canada", "America/Vancouver", "north_america_oceania"),
    City("Sydney", "Australia", "Australia/Sydney", "north_america_oceania", 2),
    City("Melbourne", "Australia", "Australia/Melbourne", "north_america_oceania"),
    City("Auckland", "New Zealand", "Pacific/Auckland", "north_america_oceania"),
)
